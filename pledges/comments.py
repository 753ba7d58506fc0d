"""Citizens' comments on an open 변경안: posted without an account, held for moderation, answered by the unit.

Nothing a citizen writes is public before the coordinating office publishes it. What is
stored is plain text: markup is stripped and control characters dropped on the way in, and
templates escape it on the way out (never `|safe`), so a script in a comment is refused twice.
"""

import re
import unicodedata

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from plans.models import User
from pledges.changes import ensure_coordinator, ensure_lead_unit
from pledges.models import ChangeComment, PledgeChange
from portal.records import locked_in_scope, save_as

COMMENT_MAX_CHARS = 2000
NAME_MAX_CHARS = 40
COMMENTS_PER_ADDRESS = 5  # within COMMENT_WINDOW_SECONDS, from one client address
COMMENT_WINDOW_SECONDS = 3600
_ANGLE = re.compile(r"[<>]")


def plain_text(value: str, *, limit: int) -> str:
    """`value` as plain text: tags and control characters removed, angle brackets dropped, trimmed."""
    text = strip_tags(value or "")
    text = "".join(char for char in text if char in "\n\t" or not unicodedata.category(char).startswith("C"))
    text = _ANGLE.sub("", text).strip()
    if len(text) > limit:
        raise ValidationError(_("%(limit)d자 이내로 적으세요.") % {"limit": limit})
    return text


def comment_allowed(address: str) -> bool:
    """Count one comment from `address`; False once it has sent `COMMENTS_PER_ADDRESS` within the window."""
    key = f"pledge-comment:{address}"
    if cache.add(key, 1, COMMENT_WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, COMMENT_WINDOW_SECONDS)
        return True
    return count <= COMMENTS_PER_ADDRESS


@transaction.atomic
def comment_post(*, change: PledgeChange, name: str, text: str) -> ChangeComment:
    """A citizen's comment on an open 변경안 during its comment period; it waits for moderation."""
    change = PledgeChange.objects.select_for_update().get(pk=change.pk)
    if not change.accepts_comments():
        raise ValidationError(_("이 변경안은 지금 의견을 받지 않습니다 (의견 수렴 기간이 아닙니다)."))
    clean_text = plain_text(text, limit=COMMENT_MAX_CHARS)
    if not clean_text:
        raise ValidationError({"text": _("의견을 적으세요.")})
    comment = ChangeComment(change=change, name=plain_text(name, limit=NAME_MAX_CHARS), text=clean_text)
    comment.full_clean()
    comment.save()
    return comment


def _scoped_comment(user, comment):
    return locked_in_scope(ChangeComment.objects, user, comment.pk, _("소관부서 공약에 달린 의견이 아닙니다."))


@transaction.atomic
def comment_moderate(*, user: User, comment: ChangeComment, publish: bool) -> ChangeComment:
    """The coordinating office publishes a held comment, or keeps it hidden."""
    comment = _scoped_comment(user, comment)
    ensure_coordinator(user, comment.change.pledge)
    comment.state = ChangeComment.State.PUBLISHED if publish else ChangeComment.State.HIDDEN
    comment.moderated_by, comment.moderated_at = user, timezone.now()
    return save_as(user, comment)


@transaction.atomic
def comment_answer(*, user: User, comment: ChangeComment, answer: str) -> ChangeComment:
    """The lead unit answers a published comment; the answer is shown under it."""
    comment = _scoped_comment(user, comment)
    ensure_lead_unit(user, comment.change.pledge)
    if comment.state != ChangeComment.State.PUBLISHED:
        raise ValidationError(_("공개된 의견에만 답변할 수 있습니다."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("답변을 적으세요.")})
    if len(answer) > COMMENT_MAX_CHARS:
        raise ValidationError({"answer": _("%(limit)d자 이내로 적으세요.") % {"limit": COMMENT_MAX_CHARS}})
    comment.answer, comment.answered_by, comment.answered_at = answer, user, timezone.now()
    return save_as(user, comment)
