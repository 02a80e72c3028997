"""Peer groups: the narrowest safe group, and nothing recoverable by subtraction."""

from __future__ import annotations

from barometre.reports.groups import Member, PeerGroup, plan_groups

K = 5  # others needed: a group holds at least 6


def members(region: str, departement: str, count: int, stratum: str = "<500") -> list[Member]:
    return [
        Member(f"commune:{departement}{i:03d}{stratum}", "commune", stratum, region, departement)
        for i in range(count)
    ]


def scopes(plan: dict[str, PeerGroup | None]) -> dict[str, tuple[str, str, int] | None]:
    """Each authority's group as (scope, area, size), keyed by its département and number."""
    return {
        authority: (group.scope, group.area, len(group.members)) if group else None
        for authority, group in plan.items()
    }


def test_a_large_enough_departement_is_the_group() -> None:
    plan = plan_groups(members("84", "42", 6) + members("84", "43", 6), K)
    assert {g.key for g in plan.values() if g} == {
        ("commune", "<500", "departement", "42"),
        ("commune", "<500", "departement", "43"),
    }


def test_a_small_departement_falls_back_to_its_region() -> None:
    # 7 in the Loire and in the Haute-Loire; 3 in the Puy-de-Dôme and in the Cantal, too few:
    # together (6) they are enough for the région's group to tell nothing about either.
    found = members("84", "42", 7) + members("84", "43", 7)
    found += members("84", "63", 3) + members("84", "15", 3)
    plan = scopes(plan_groups(found, K))
    assert plan["commune:63000<500"] == ("region", "84", 20)
    assert plan["commune:42000<500"] == ("departement", "42", 7)


def test_a_region_left_with_few_is_protected_by_giving_up_a_departement() -> None:
    # Loire (8) and Haute-Loire (8) alone, the Puy-de-Dôme's 2 in the région's group: région
    # minus both départements would give away the 2. The smallest département (by code, the
    # Loire) joins the région's group instead: its 10 remaining members cannot be told apart.
    found = members("84", "42", 8) + members("84", "43", 8) + members("84", "63", 2)
    plan = scopes(plan_groups(found, K))
    assert plan["commune:63000<500"] == ("region", "84", 18)
    assert plan["commune:42000<500"] == ("region", "84", 18)
    assert plan["commune:43000<500"] == ("departement", "43", 8)


def test_france_left_with_few_is_protected_too() -> None:
    # Two régions of 6 each shown, and one lone commune elsewhere: France minus the régions
    # would give it away; a région's group is given up.
    found = members("84", "42", 6) + members("75", "33", 6) + members("11", "75", 1)
    plan = scopes(plan_groups(found, K))
    lone = plan["commune:75000<500"]
    assert lone is not None
    assert lone[0] == "france"
    shown = {v for v in plan.values() if v and v[0] != "france"}
    left_to_france = [a for a, v in plan.items() if v and v[0] == "france"]
    assert len(left_to_france) >= K + 1
    assert len(shown) == 1


def test_no_group_when_even_france_is_too_small() -> None:
    plan = plan_groups(members("84", "42", 5), K)
    assert set(plan.values()) == {None}


def test_types_and_strata_never_mix() -> None:
    found = members("84", "42", 6) + members("84", "42", 6, stratum="500-999")
    plan = plan_groups(found, K)
    for authority, group in plan.items():
        assert group is not None
        assert authority.endswith(group.stratum)


def test_every_derivable_difference_covers_more_than_k() -> None:
    # Many random-looking layouts: whatever the plan, a wider group shown minus the narrower
    # groups shown inside it leaves none or more than K authorities.
    sizes = [(r, d, n) for r, d, n in (("84", "42", 9), ("84", "43", 3), ("84", "63", 7),
             ("75", "33", 2), ("75", "24", 4), ("75", "87", 12), ("11", "75", 1))]  # fmt: skip
    found = [m for r, d, n in sizes for m in members(r, d, n)]
    groups = {g.key: g for g in plan_groups(found, K).values() if g}
    for wide in groups.values():
        inside = [
            g for g in groups.values()
            if g is not wide and g.members < wide.members
        ]  # fmt: skip
        left = wide.members - set().union(*(g.members for g in inside))
        assert not left or len(left) > K, (wide.key, len(left))
