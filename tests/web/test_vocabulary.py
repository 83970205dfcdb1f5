"""The web app's choices are the engine's enums plus one label per value.

Adding a value to an engine enum (an injury site, a log kind) must need exactly one
more line in ``web/runners/vocabulary.py``: these tests name any value left without
a label, and check that the stored values and the forms follow the engine.
"""

from __future__ import annotations

from enum import StrEnum

import pytest

from runback import engine, importers
from runback.web.runners import vocabulary
from runback.web.runners.forms import InjuryForm
from runback.web.runners.models import Injury, LogEntry
from runback.web.runners.vocabulary import ENGINE_VOCABULARY, Labelled


@pytest.mark.parametrize("words", ENGINE_VOCABULARY, ids=lambda w: w.enum.__name__)
def test_every_engine_value_has_a_label(words: Labelled[StrEnum]) -> None:
    assert words.missing_labels == [], f"add a label for {words.missing_labels} in vocabulary.py"
    assert set(words.values) <= {m.value for m in words.enum}
    assert len(set(words.labels.values())) == len(words.labels)  # no two read the same


def test_a_new_engine_value_needs_only_its_label() -> None:
    class Site(StrEnum):
        KNEE = "knee"
        FOREFOOT = "forefoot"  # just added to the engine

    words = Labelled(Site, {Site.KNEE: "Knee"})
    assert words.missing_labels == [Site.FOREFOOT]
    assert words.choices == [("knee", "Knee"), ("forefoot", "Forefoot")]  # usable at once
    assert Labelled(Site, {Site.KNEE: "Knee", Site.FOREFOOT: "Front of the foot"}).choices[1] == (
        "forefoot",
        "Front of the foot",
    )


def test_the_models_and_forms_offer_every_engine_value() -> None:
    assert [v for v, _ in Injury._meta.get_field("site").choices] == [  # type: ignore[union-attr]
        m.value for m in engine.Site
    ]
    assert {v for v, _ in InjuryForm().fields["kind"].choices if v} == {  # type: ignore[attr-defined]
        m.value for m in engine.InjuryKind
    }


def test_log_kind_is_the_engines_everywhere() -> None:
    assert vocabulary.LogKind.RUN is engine.LogKind.RUN
    assert importers.LogKind is engine.LogKind
    stored = {v for v, _ in LogEntry._meta.get_field("kind").choices}  # type: ignore[union-attr]
    assert stored == {m.value for m in engine.LogKind} - {"checkin"}


def test_only_offered_members_are_reachable() -> None:
    assert vocabulary.Equipment.GYM is engine.Equipment.GYM
    with pytest.raises(AttributeError):
        _ = vocabulary.Equipment.NONE
    assert "none" not in vocabulary.Equipment
    assert vocabulary.RedFlag.label("trauma").startswith("It started with a fall")
