"""The permission table itself: shape and the rules the product promises."""

from __future__ import annotations

import pytest

from carepost.core.permissions import ACTIONS, PERMISSIONS, ROLES, allowed, role_within


def test_every_role_has_an_entry_and_only_known_actions() -> None:
    assert set(PERMISSIONS) == set(ROLES)
    for role, actions in PERMISSIONS.items():
        assert actions <= set(ACTIONS), role
    assert len(set(ACTIONS)) == len(ACTIONS)


def test_only_the_privacy_officer_may_override_a_block() -> None:
    assert [r for r in ROLES if allowed(r, "post.override_block")] == ["privacy_officer"]


def test_only_admins_manage_users_and_channels() -> None:
    assert [r for r in ROLES if allowed(r, "user.manage")] == ["admin"]
    assert [r for r in ROLES if allowed(r, "channel.manage")] == ["admin"]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_can_view_the_org_and_check_text(role: str) -> None:
    assert allowed(role, "org.view") and allowed(role, "guard.check")


def test_unknown_roles_and_actions_are_never_allowed() -> None:
    assert not allowed(None, "org.view")
    assert not allowed("superuser", "org.view")
    assert not allowed("admin", "org.delete_everything")


def test_viewer_is_the_least_role() -> None:
    assert all(role_within("viewer", role) for role in ROLES)


def test_role_within_is_a_subset_relation() -> None:
    for role in ROLES:
        assert role_within(role, role)
    assert not role_within("admin", "author")
    assert not role_within("privacy_officer", "admin")  # admin lacks the override
    assert role_within("author", "admin") and role_within("author", "approver")
    assert not role_within("nobody", "admin") and not role_within("admin", "nobody")


def test_table_cannot_be_modified_at_runtime() -> None:
    with pytest.raises(TypeError):
        PERMISSIONS["viewer"] = frozenset(ACTIONS)  # type: ignore[index]
