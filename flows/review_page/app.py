"""The review page's web app: plain HTML forms over the warehouse functions `ogi review` uses.

Every request opens the DuckDB file and closes it before answering (read-only to show, read-write to record),
so the page holds no lock between clicks and `ogi ingest` can run beside it. Requests are served one at a time
(a lock): DuckDB refuses a read-only and a read-write connection to one file in the same process. A POST
answers with a redirect (303) to the page to show next, so reloading never records twice.
"""

from __future__ import annotations

import getpass
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import noto_cjk_sans_otc
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from flows.cli.console import text
from warehouse.connect import WarehouseError, open_warehouse
from warehouse.corrections import (
    CorrectionError,
    add_correction,
    checks_of,
    crop_file,
    document_provenance,
    fact_detail,
    list_corrections,
    review_items,
    revoke_correction,
)

HERE = Path(__file__).parent
LIST_LIMIT = 1000


def _when(t: datetime | None) -> str:
    return f"{t:%Y-%m-%d %H:%M} UTC" if t else ""


def _url(path: str, **params: object) -> str:
    return f"{path}?{urlencode({k: v for k, v in params.items() if v is not None})}" if params else path


def create_app(db: Path) -> FastAPI:
    """The app for one warehouse file."""
    db = Path(db)
    app = FastAPI(title="ogi review", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["text"] = text
    templates.env.filters["when"] = _when
    templates.env.globals["url"] = _url
    lock = threading.Lock()
    user = getpass.getuser()

    @contextmanager
    def warehouse(write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with lock:
            try:
                con = open_warehouse(db, read_only=not write)
            except WarehouseError as exc:
                raise HTTPException(503, str(exc)) from None
            try:
                yield con
            finally:
                con.close()

    def page(request: Request, name: str, **context: object) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"db": db.name, "user": user, **context,
                                                          "msg": request.query_params.get("msg"),
                                                          "error": request.query_params.get("error")})

    @app.get("/", response_class=HTMLResponse)
    def items(request: Request, doc: str | None = None) -> HTMLResponse:
        with warehouse() as con:
            rows = review_items(con, doc, LIST_LIMIT, db_path=db)
        for r in rows:
            r["has_crop"] = r["item"] == "fact" and crop_file(db, r["doc_id"], r["key"]).exists()
        return page(request, "items.html", items=rows, doc=doc, limit=LIST_LIMIT)

    @app.get("/fact", response_class=HTMLResponse)
    def fact(request: Request, doc_id: str, key: str) -> HTMLResponse:
        with warehouse() as con:
            detail = fact_detail(con, doc_id, key)
            if detail is None:
                raise HTTPException(404, f"{doc_id} has no value for {key}")
            context = {"fact": detail, "doc": document_provenance(con, doc_id), "checks": checks_of(con, doc_id, key),
                       "history": list_corrections(con, doc_id, key)}
        return page(request, "fact.html", has_crop=crop_file(db, doc_id, key).exists(), **context)

    @app.get("/finding", response_class=HTMLResponse)
    def finding(request: Request, item: str, doc_id: str, key: str, label: str = "") -> HTMLResponse:
        with warehouse() as con:
            found = [r for r in review_items(con, doc_id) if (r["item"], r["key"], r["label"] or "") == (item, key, label)]
            if not found:
                raise HTTPException(404, f"no {item} {key} in {doc_id}")
            checks = checks_of(con, doc_id, identity=key, subject=label) if item == "check" else []
            doc = document_provenance(con, doc_id)
        return page(request, "finding.html", it=found[0], checks=checks, doc=doc)

    @app.get("/crop")
    def crop(doc_id: str, key: str) -> FileResponse:
        path = crop_file(db, doc_id, key).resolve()
        if not path.is_relative_to(Path(f"{db}.crops").resolve()) or not path.is_file():
            raise HTTPException(404, "no crop saved for this cell")
        return FileResponse(path, media_type="image/png")

    @app.get("/font/cjk.ttc")
    def cjk_font() -> FileResponse:
        """Noto Sans CJK from its wheel (the charts use it too): the Chinese labels show offline even where the
        system has no CJK font."""
        return FileResponse(str(noto_cjk_sans_otc.FONT_PATH), media_type="font/collection",
                            headers={"Cache-Control": "max-age=86400"})

    @app.get("/corrections", response_class=HTMLResponse)
    def corrections(request: Request) -> HTMLResponse:
        with warehouse() as con:
            rows = list_corrections(con)
        return page(request, "corrections.html", rows=rows)

    @app.post("/correct")
    def correct(doc_id: str = Form(), key: str = Form(), action: str = Form("correct"), value: str = Form(""),
                reason: str = Form(""), who: str = Form("")) -> RedirectResponse:
        back = _url("/fact", doc_id=doc_id, key=key)
        try:
            with warehouse(write=True) as con:
                c = add_correction(con, doc_id, key, value, reason or ("accepted" if action == "accept" else ""),
                                   who.strip() or user, action)
        except CorrectionError as exc:
            return RedirectResponse(_url("/fact", doc_id=doc_id, key=key, error=str(exc)), status_code=303)
        done = "accepted" if c.action == "accept" else f"corrected to {text(c.value) or 'no value'}"
        return RedirectResponse(f"{back}&{urlencode({'msg': f'correction {c.correction_id}: {done}'})}",
                                status_code=303)

    @app.post("/undo")
    def undo(correction_id: int = Form(), reason: str = Form(""), who: str = Form(""),
             back: str = Form("/corrections")) -> RedirectResponse:
        back = back if back.startswith("/") and not back.startswith("//") else "/corrections"
        sep = "&" if "?" in back else "?"
        try:
            with warehouse(write=True) as con:
                revoke_correction(con, correction_id, reason, who.strip() or user)
        except CorrectionError as exc:
            return RedirectResponse(f"{back}{sep}{urlencode({'error': str(exc)})}", status_code=303)
        return RedirectResponse(f"{back}{sep}{urlencode({'msg': f'correction {correction_id} revoked'})}",
                                status_code=303)

    return app
