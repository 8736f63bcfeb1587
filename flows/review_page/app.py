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
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import noto_cjk_sans_otc
from fastapi import APIRouter, FastAPI, Form, HTTPException, Request
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
router = APIRouter()


def _when(t: datetime | None) -> str:
    return f"{t:%Y-%m-%d %H:%M} UTC" if t else ""


def _url(path: str, **params: object) -> str:
    """A local link with its query (the templates build every link with it)."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{path}?{query}" if query else path


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["text"] = text
    templates.env.filters["when"] = _when
    templates.env.globals["url"] = _url
    return templates


@dataclass
class Review:
    """What every request needs: the warehouse file, the templates, the one-at-a-time lock, the default who."""

    db: Path
    templates: Jinja2Templates = field(default_factory=_templates)
    lock: threading.Lock = field(default_factory=threading.Lock)
    user: str = field(default_factory=getpass.getuser)

    @contextmanager
    def warehouse(self, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.lock:
            try:
                con = open_warehouse(self.db, read_only=not write)
            except WarehouseError as exc:
                raise HTTPException(503, str(exc)) from None
            try:
                yield con
            finally:
                con.close()

    def page(self, request: Request, name: str, **context: object) -> HTMLResponse:
        return self.templates.TemplateResponse(request, name, {
            "db": self.db.name, "user": self.user, "msg": request.query_params.get("msg"),
            "error": request.query_params.get("error"), **context})

    def has_crop(self, doc_id: str, key: str) -> bool:
        return crop_file(self.db, doc_id, key).exists()


def create_app(db: Path) -> FastAPI:
    """The app for one warehouse file."""
    app = FastAPI(title="ogi review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.review = Review(Path(db))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
    return app


def _review(request: Request) -> Review:
    return request.app.state.review


def _back(path: str, **params: str) -> RedirectResponse:
    """The redirect after a POST; `path` may carry a query already."""
    sep = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{sep}{urlencode(params)}", status_code=303)


@router.get("/", response_class=HTMLResponse)
def items(request: Request, doc: str | None = None) -> HTMLResponse:
    r = _review(request)
    with r.warehouse() as con:
        rows = review_items(con, doc, LIST_LIMIT, db_path=r.db)
    for it in rows:
        it["has_crop"] = it["item"] == "fact" and r.has_crop(it["doc_id"], it["key"])
    return r.page(request, "items.html", items=rows, doc=doc, limit=LIST_LIMIT)


@router.get("/fact", response_class=HTMLResponse)
def fact(request: Request, doc_id: str, key: str) -> HTMLResponse:
    r = _review(request)
    with r.warehouse() as con:
        detail = fact_detail(con, doc_id, key)
        if detail is None:
            raise HTTPException(404, f"{doc_id} has no value for {key}")
        context = {"fact": detail, "doc": document_provenance(con, doc_id), "checks": checks_of(con, doc_id, key),
                   "history": list_corrections(con, doc_id, key)}
    return r.page(request, "fact.html", has_crop=r.has_crop(doc_id, key), **context)


@router.get("/finding", response_class=HTMLResponse)
def finding(request: Request, item: str, doc_id: str, key: str, label: str = "") -> HTMLResponse:
    """A failed check, a failed cross-year check or conflicting values, with the numbers a check used."""
    r = _review(request)
    with r.warehouse() as con:
        found = [it for it in review_items(con, doc_id) if (it["item"], it["key"], it["label"] or "") == (item, key, label)]
        if not found:
            raise HTTPException(404, f"no {item} {key} in {doc_id}")
        checks = checks_of(con, doc_id, identity=key, subject=label) if item == "check" else []
        doc = document_provenance(con, doc_id)
    return r.page(request, "finding.html", it=found[0], checks=checks, doc=doc)


@router.get("/crop")
def crop(request: Request, doc_id: str, key: str) -> FileResponse:
    db = _review(request).db
    path = crop_file(db, doc_id, key).resolve()
    if not path.is_relative_to(Path(f"{db}.crops").resolve()) or not path.is_file():
        raise HTTPException(404, "no crop saved for this cell")
    return FileResponse(path, media_type="image/png")


@router.get("/font/cjk.ttc")
def cjk_font() -> FileResponse:
    """Noto Sans CJK from its wheel (the charts use it too): the Chinese labels show offline even where the system
    has no CJK font."""
    return FileResponse(str(noto_cjk_sans_otc.FONT_PATH), media_type="font/collection",
                        headers={"Cache-Control": "max-age=86400"})


@router.get("/corrections", response_class=HTMLResponse)
def corrections(request: Request) -> HTMLResponse:
    r = _review(request)
    with r.warehouse() as con:
        rows = list_corrections(con)
    return r.page(request, "corrections.html", rows=rows)


@router.post("/correct")
def correct(request: Request, doc_id: str = Form(), key: str = Form(), action: str = Form("correct"),
            value: str = Form(""), reason: str = Form(""), who: str = Form("")) -> RedirectResponse:
    """Accept or correct a value: `add_correction`, as `ogi review accept` / `correct` call it."""
    r = _review(request)
    back = _url("/fact", doc_id=doc_id, key=key)
    try:
        with r.warehouse(write=True) as con:
            c = add_correction(con, doc_id, key, value, reason or ("accepted" if action == "accept" else ""),
                               who.strip() or r.user, action)
    except CorrectionError as exc:
        return _back(back, error=str(exc))
    done = "accepted" if c.action == "accept" else f"corrected to {text(c.value) or 'no value'}"
    return _back(back, msg=f"correction {c.correction_id}: {done}")


@router.post("/undo")
def undo(request: Request, correction_id: int = Form(), reason: str = Form(""), who: str = Form(""),
         back: str = Form("/corrections")) -> RedirectResponse:
    """Revoke a correction: `revoke_correction`, as `ogi review undo` calls it."""
    r = _review(request)
    back = back if back.startswith("/") and not back.startswith("//") else "/corrections"
    try:
        with r.warehouse(write=True) as con:
            revoke_correction(con, correction_id, reason, who.strip() or r.user)
    except CorrectionError as exc:
        return _back(back, error=str(exc))
    return _back(back, msg=f"correction {correction_id} revoked")
