"""Line breaking for CJK text, which has no spaces: break before the character that would not fit."""

from __future__ import annotations

from collections.abc import Callable


def greedy_lines(text: str, too_wide: Callable[[str], bool], no_line_start: str = "") -> list[str]:
    """The lines of `text`, each as long as `too_wide` allows; a character of `no_line_start` never
    opens a line (it hangs at the end of the previous one). No empty last line."""
    lines, cur = [], ""
    for ch in text:
        if cur and ch not in no_line_start and too_wide(cur + ch):
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return lines + ([cur] if cur else [])
