"""The workflow table: every action guards with its row, and the office and the portal offer what it allows."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from django.test import Client

from gongkai.applications import actions, workflow
from gongkai.applications.models import Application, Status
from gongkai.office.views_applications import ACTIONS
from tests.applications.conftest import BASE, at


def test_every_row_is_an_action_and_every_office_form_a_row() -> None:
    for t in workflow.TRANSITIONS:
        fn = getattr(actions, t.action)
        assert callable(fn), t.action
        params = inspect.signature(fn).parameters.values()
        assert all(p.kind is p.KEYWORD_ONLY for p in params), f"{t.action}: keyword-only arguments"
        assert t.targets, t.action
        assert t.label
    offered = {a.transition for a in ACTIONS.values()}
    assert offered == {t.action for t in workflow.TRANSITIONS if t.offered_by_office} - {"return_decision"}


@pytest.mark.parametrize("t", [t for t in workflow.TRANSITIONS if t.sources and not t.first and not t.then],
                         ids=lambda t: t.action)
def test_allowed_exactly_in_the_source_states(t: workflow.Transition) -> None:
    for status in Status.values:
        app = Application(status=status)
        assert workflow.allowed(app, t.action) == (status in t.sources), (t.action, status)
        if status not in t.sources:
            assert workflow.refusal(app, t.action)


def _page_forms(user: Any, app: Application) -> set[str]:
    c = Client()
    c.force_login(user)
    html = c.get(f"/office/applications/{app.pk}/").content.decode()
    return {name for name in ACTIONS if f"/act/{name}/" in html}


def test_office_offers_what_the_table_allows(cast: Any, received: Application) -> None:
    """The case page's forms are those whose row allows the case's state and the user's role."""
    def expected(user: Any) -> set[str]:
        received.refresh_from_db()
        return {n for n, a in ACTIONS.items() if workflow.offered(received, a.transition, user)}

    clerk_forms = _page_forms(cast.clerk, received)
    assert clerk_forms == expected(cast.clerk)
    assert {"assign", "correction", "consult", "fee", "propose", "withdraw"} <= clerk_forms
    assert "extend" not in clerk_forms and "confirm" not in clerk_forms
    assert "extend" in _page_forms(cast.head, received)
    actions.propose_decision(application=received, outcome="A36_2_disclosed", actor=cast.clerk, now=at(BASE, 12))
    assert _page_forms(cast.clerk, received) == expected(cast.clerk)
    assert "review" not in _page_forms(cast.clerk, received)
    assert "review" in _page_forms(cast.reviewer, received)
    assert "propose" not in _page_forms(cast.clerk, received)


def test_refusals_come_from_the_row(cast: Any, received: Application) -> None:
    """An action taken in a state outside its row's sources is refused with the row's words."""
    with pytest.raises(actions.ApplicationError) as exc:
        actions.issue_reply(application=received, actor=cast.clerk, now=at(BASE, 12))
    assert exc.value.message == workflow.BY_ACTION["issue_reply"].refusal
    with pytest.raises(actions.ApplicationError) as exc:
        actions.lapse_correction(application=received, actor=cast.clerk, now=at(BASE, 12))
    assert exc.value.message == workflow.BY_ACTION["lapse_correction"].refusal
    actions.issue_fee_notice(application=received, method="per_page", pages=300, actor=cast.clerk, now=at(BASE, 12))
    received.refresh_from_db()
    assert received.status == Status.AWAITING_PAYMENT
    assert "fee" not in _page_forms(cast.clerk, received)
    assert {"fee_paid", "fee_lapse"} <= _page_forms(cast.clerk, received)
