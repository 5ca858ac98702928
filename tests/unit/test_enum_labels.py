"""Every closed vocabulary shows its own French label, even where two share a stored code."""

import pytest

from themisia_desktop.core.models import enums

VOCABULARIES = [c for c in vars(enums).values()
                if isinstance(c, type) and issubclass(c, enums.Labelled) and c is not enums.Labelled]


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda c: c.__name__)
def test_each_code_has_a_french_label(vocabulary):
    missing = [m.value for m in vocabulary if m.label == m.value]
    assert not missing, f"{vocabulary.__name__} has no French label for {missing}"


def test_shared_codes_keep_their_own_labels():
    assert enums.MatterStatus.OPEN.label == "Ouvert"
    assert enums.TaskStatus.OPEN.label == "À faire"
    assert enums.KycStatus.VALIDATED.label == "Validé"
    assert enums.InvoiceStatus.VALIDATED.label == "Validée"
