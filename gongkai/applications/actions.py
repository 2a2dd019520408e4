"""Every change to an application: one function each, checked, with an event, in one transaction.

This module is the one door: callers (views, commands, the demo, tests) import the actions from here. Each
lives in the module of its responsibility:

=====================  ==========================================================================
``intake``             submit_online, register, confirm_receipt, assign
``correction``         request_correction, submit_correction, lapse_correction (补正, Art. 30)
``consultation``       start_consultation, finish_consultation, extend (Art. 32-34)
``fees``               issue_fee_notice, record_payment, decline_fee, lapse_payment (109号)
``decision``           propose_decision, approve_decision, return_decision, issue_reply,
                       record_delivery, close, withdraw
``reminders``          remind
``numbering``          申请编号 and 查询码
``due``                the reply due date recomputed from the case history
``duplicates``         suspected repeat applications
``workflow``           which transition may be taken from which state, by whom (the guard of every action)
``common``             the error, the row lock, the event, the save, e-mail after commit, attachments
=====================  ==========================================================================

Time is an argument (``now``, an aware datetime; views pass ``timezone.now()``). Working days come from
``gongkai.agencies.calendar.get_calendar()`` (or the ``cal`` argument) and are passed into the law's
functions. After each change the due date is recomputed from the case history by :func:`recompute_due`.
E-mail goes out after commit.
"""

from __future__ import annotations

from gongkai.applications.common import ApplicationError, check_upload, local_date
from gongkai.applications.consultation import extend, finish_consultation, start_consultation
from gongkai.applications.correction import (
    DEFAULT_CORRECTION_WD,
    lapse_correction,
    request_correction,
    submit_correction,
)
from gongkai.applications.decision import (
    approve_decision,
    close,
    issue_reply,
    propose_decision,
    record_delivery,
    return_decision,
    withdraw,
)
from gongkai.applications.due import deadline_of, pauses_of, recompute_due
from gongkai.applications.duplicates import DUPLICATE_THRESHOLD, bigrams, find_duplicate, similarity
from gongkai.applications.fees import (
    applications_in_month,
    decline_fee,
    issue_fee_notice,
    lapse_payment,
    record_payment,
)
from gongkai.applications.intake import APPLICANT_FIELDS, assign, confirm_receipt, register, submit_online
from gongkai.applications.letters_adapter import letter_context
from gongkai.applications.numbering import (
    allocate_tracking_no,
    check_query_code,
    hash_query_code,
    new_query_code,
)
from gongkai.applications.reminders import remind
from gongkai.applications.workflow import decision_chain, next_approver_role

__all__ = [
    "APPLICANT_FIELDS", "DEFAULT_CORRECTION_WD", "DUPLICATE_THRESHOLD", "ApplicationError",
    "allocate_tracking_no", "applications_in_month", "approve_decision", "assign", "bigrams", "check_query_code",
    "check_upload", "close", "confirm_receipt", "deadline_of", "decision_chain", "decline_fee", "extend",
    "find_duplicate", "finish_consultation", "hash_query_code", "issue_fee_notice", "issue_reply",
    "lapse_correction", "lapse_payment", "letter_context", "local_date", "new_query_code", "next_approver_role",
    "pauses_of", "propose_decision", "recompute_due", "record_delivery", "record_payment", "register", "remind",
    "request_correction", "return_decision", "similarity", "start_consultation", "submit_correction",
    "submit_online", "withdraw",
]
