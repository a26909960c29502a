"""The one signed single-use token helper (lodestar.core.tokens) every invitation and link uses."""

import hashlib

import pytest
from django.test import override_settings

from lodestar.core import tokens

ORG = "orgs.invitation"
WORKSHOP = "workshops.invitation"
ACCOUNTS = "accounts.invitation"  # lodestar.accounts.actions.INVITATION_PURPOSE


def test_issue_gives_a_fresh_raw_token_and_its_64_character_digest():
    raw, digest = tokens.issue(ORG)
    other_raw, other_digest = tokens.issue(ORG)
    assert raw != other_raw and digest != other_digest
    assert len(raw) <= tokens.MAX_RAW_LENGTH and tokens.is_plausible(raw)
    assert len(digest) == tokens.DIGEST_LENGTH == 64
    assert int(digest, 16) >= 0  # hex
    assert raw not in digest
    assert digest == tokens.digest(ORG, raw)


def test_the_digest_is_not_a_plain_hash_of_the_token():
    raw, digest = tokens.issue(ORG)
    assert digest != hashlib.sha256(raw.encode()).hexdigest()


def test_a_token_for_one_purpose_has_a_different_digest_for_any_other():
    raw, digest = tokens.issue(ORG)
    assert tokens.digest(WORKSHOP, raw) != digest
    assert tokens.digest(ORG + "x", raw) != digest


def test_the_digest_is_keyed_by_the_secret_key():
    raw, digest = tokens.issue(ORG)
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"):
        assert tokens.digest(ORG, raw) != digest


@pytest.mark.parametrize("purpose", ["", "   ", None])
def test_a_purpose_is_required(purpose):
    with pytest.raises(ValueError, match="purpose"):
        tokens.digest(purpose, "abc")
    with pytest.raises(ValueError, match="purpose"):
        tokens.issue(purpose)


@pytest.mark.parametrize("raw", ["", None, 42, "x" * (tokens.MAX_RAW_LENGTH + 1)])
def test_empty_or_over_long_tokens_are_not_plausible(raw):
    assert not tokens.is_plausible(raw)


@pytest.mark.django_db
class TestFind:
    """``find`` looks a row up by the digest of the raw token for the given purpose."""

    @pytest.fixture
    def stored(self, orgs):
        from tests.factories.accounts import invitation

        inv, raw = invitation(orgs["trust_a"])
        return inv, raw

    def _qs(self):
        from lodestar.accounts.models import Invitation

        return Invitation.objects.all()

    def test_finds_the_row_for_its_own_purpose(self, stored):
        from lodestar.accounts.actions import INVITATION_PURPOSE as purpose

        inv, raw = stored
        assert inv.token_hash == tokens.digest(purpose, raw)
        assert tokens.find(self._qs(), purpose, raw) == inv

    def test_another_purpose_never_opens_it(self, stored):
        _, raw = stored
        assert tokens.find(self._qs(), WORKSHOP, raw) is None

    @pytest.mark.parametrize("raw", ["", None, "not-a-token", "x" * (tokens.MAX_RAW_LENGTH + 1)])
    def test_unknown_empty_or_over_long_tokens_find_nothing(self, stored, raw):
        assert tokens.find(self._qs(), ACCOUNTS, raw) is None

    def test_the_stored_digest_itself_is_not_a_token(self, stored):
        inv, _ = stored
        assert tokens.find(self._qs(), ACCOUNTS, inv.token_hash) is None

    def test_another_field_can_be_named_and_the_queryset_narrowed(self, stored):
        inv, raw = stored
        assert tokens.find(self._qs(), ACCOUNTS, raw, field="token_hash") == inv
        assert tokens.find(self._qs().exclude(pk=inv.pk), ACCOUNTS, raw) is None


# ------------------------------------------------------------------ sign / unsign (unsubscribe links)
UNSUBSCRIBE = "notifications.unsubscribe"


def test_a_signed_value_comes_back_only_for_its_purpose():
    signed = tokens.sign(UNSUBSCRIBE, "42-overdue")
    assert signed.startswith("42-overdue.") and len(signed) == len("42-overdue.") + tokens.DIGEST_LENGTH
    assert tokens.unsign(UNSUBSCRIBE, signed) == "42-overdue"
    assert tokens.unsign(ORG, signed) is None


@pytest.mark.parametrize(
    "tampered",
    ["43-overdue.{digest}", "42-overdue.{digest}0", "42-overdue", ".{digest}", "", None, 42, "x" * 500],
)
def test_a_changed_or_malformed_signed_value_gives_nothing(tampered):
    digest = tokens.sign(UNSUBSCRIBE, "42-overdue").rpartition(".")[2]
    value = tampered.format(digest=digest) if isinstance(tampered, str) else tampered
    assert tokens.unsign(UNSUBSCRIBE, value) is None


def test_a_signed_value_depends_on_the_secret_key():
    signed = tokens.sign(UNSUBSCRIBE, "42-overdue")
    with override_settings(SECRET_KEY="another-secret-key-" + "x" * 40):
        assert tokens.unsign(UNSUBSCRIBE, signed) is None
