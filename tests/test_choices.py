"""The even-spacing pass's choices kept for the next build (choices.py)."""

from __future__ import annotations

from pamphleteer import kept
from pamphleteer.choices import Choices


def test_choices_are_kept_for_the_next_build_by_the_same_code_only(tmp_path, monkeypatch):
    path = tmp_path / "lantern-47-reader.json"
    made = Choices(path, "settings")
    key = made.key("<p>A paragraph</p>", "p { margin: 0 }")
    made.note(key, "#p3 { word-spacing: -0.2pt }")
    made.count(key, 2)
    made.save()
    again = Choices(path, "settings")
    assert (again.get(key), again.pages(key)) == ("#p3 { word-spacing: -0.2pt }", 2)
    monkeypatch.setattr(kept, "code", lambda: "the package changed since")
    afresh = Choices(path, "settings")
    assert (afresh.get(key), afresh.pages(key)) == (None, None)
