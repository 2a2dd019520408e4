"""Art. 29 identity rules in the action layer: the portal, the office, commands and the API share them."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.applications import actions
from gongkai.applications.identity import identity_errors
from gongkai.applications.models import Application
from tests.applications.conftest import BASE, DETAILS, at

ORG = {**DETAILS, "applicant_type": "commercial_enterprise", "applicant_name": "上海某公司",
       "id_type": "uscc", "id_number": "91310113MA1GL0001C", "contact_person": "王五"}


def _refusal(agency: Any, **change: Any) -> tuple[str | None, str]:
    with pytest.raises(actions.ApplicationError) as exc:
        actions.submit_online(agency=agency, details={**DETAILS, **change}, now=at(BASE))
    return exc.value.field, exc.value.message


def test_online_application_needs_a_well_formed_document(cast: Any) -> None:
    for change, field, words in (
        ({"id_number": ""}, "id_number", "请填写证件号码"),
        ({"id_number": "110105194912310021"}, "id_number", "校验位"),
        ({"id_type": "uscc"}, "id_type", "自然人请选择身份证件类型"),
        ({"applicant_type": "commercial_enterprise"}, "id_type", "法人或其他组织请选择"),
    ):
        got_field, message = _refusal(cast.planning, **change)
        assert got_field == field and words in message, (change, message)
    assert not Application.objects.exists()


def test_full_width_digits_are_read_as_ascii(cast: Any) -> None:
    app, _ = actions.submit_online(agency=cast.planning, details={**DETAILS, "id_number": "１１０１０５１９４９１２３１００２ｘ"},
                                   now=at(BASE))
    assert app.id_number == "11010519491231002X"


def test_staff_may_register_paper_without_document_but_not_a_wrong_one(cast: Any) -> None:
    no_id = {k: v for k, v in DETAILS.items() if k not in ("id_type", "id_number")}
    app, _ = actions.register(agency=cast.planning, details=no_id, channel="in_person", submitted_on=BASE,
                              actor=cast.clerk, now=at(BASE))
    assert app.id_number == ""
    with pytest.raises(actions.ApplicationError) as exc:
        actions.register(agency=cast.planning, details={**DETAILS, "id_number": "1234"}, channel="in_person",
                         submitted_on=BASE, actor=cast.clerk, now=at(BASE))
    assert exc.value.field == "id_number" and "18位" in exc.value.message


def test_an_organisation_names_its_contact_person() -> None:
    assert identity_errors(ORG, required=True) == []
    errors = identity_errors({**ORG, "contact_person": ""}, required=True)
    assert ("contact_person", "法人或其他组织请填写联系人姓名。") in errors
