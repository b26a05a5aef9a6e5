"""What the platform suggests a company consider, from its production locations and the shipped data."""

from __future__ import annotations

import json

import pytest

from imvo.risks.suggestions import Citation, LocationFact, Suggestion, floor_for, suggest

CAHRA_MINING_THEMES = {"conflict_financing", "forced_labour", "child_labour", "corruption"}
GOLD_MINE_NORTH_KIVU = LocationFact(country="CD", region="CD-NK", activity="mining", materials=("gold",))


def by_key(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {s.key: s for s in suggestions}


def sources(suggestion: Suggestion) -> list[str]:
    return [citation.source for citation in suggestion.citations]


def test_a_gold_mine_in_north_kivu_suggests_the_conflict_minerals_risks() -> None:
    found = by_key(suggest([GOLD_MINE_NORTH_KIVU]))
    regional = {s.theme: s for s in found.values() if s.region == "CD-NK"}
    assert set(regional) == CAHRA_MINING_THEMES
    for suggestion in regional.values():
        assert (suggestion.material, suggestion.chain_stage, suggestion.country) == ("gold", "mining", "CD")
        assert suggestion.likelihood_at_least >= 4
        citation = suggestion.citations[0]
        assert citation.source == "eu_cahra"
        assert citation.detail["level"] == "region"
        assert citation.detail["areas"] == [
            {"code": "CD-NK", "name": "Nord-Kivu", "conflict_affected": True, "high_risk": False}
        ]


def test_ilabs_listing_for_the_country_joins_the_suggestion_of_the_one_region_its_locations_are_in() -> None:
    found = by_key(suggest([GOLD_MINE_NORTH_KIVU]))
    assert not any(key.endswith("|CD|") for key in found), "one risk with both sources, not two"
    for theme in ("child_labour", "forced_labour"):
        suggestion = found[f"{theme}|gold|mining|CD|CD-NK"]
        assert suggestion.likelihood_at_least == 4
        assert sources(suggestion) == ["eu_cahra", "ilab_goods"]
        assert [c.as_json() for c in suggestion.citations[1:]] == [
            {
                "source": "ilab_goods",
                "detail": {
                    "good": "Gold",
                    "country": "CD",
                    "child_labour": True,
                    "forced_labour": True,
                    "forced_child_labour": True,
                },
            }
        ]


def test_ilabs_listing_stays_for_the_country_when_its_locations_lie_in_several_regions() -> None:
    elsewhere = LocationFact(country="CD", region="CD-KN", activity="mining", materials=("gold",))
    found = by_key(suggest([GOLD_MINE_NORTH_KIVU, elsewhere]))
    country_wide = found["child_labour|gold|mining|CD|"]
    assert sources(country_wide) == ["ilab_goods"] and country_wide.locations == 2


def test_with_the_region_unknown_the_cahra_baseline_is_one_lower() -> None:
    mine = LocationFact(country="CD", region="", activity="mining", materials=("gold",))
    found = by_key(suggest([mine]))
    assert {s.region for s in found.values()} == {""}
    for theme in ("conflict_financing", "corruption"):
        suggestion = found[f"{theme}|gold|mining|CD|"]
        assert suggestion.likelihood_at_least == 3
        assert suggestion.citations[0].detail["level"] == "country_has_regions"
        assert len(suggestion.citations[0].detail["areas"]) == 26
    child_labour = found["child_labour|gold|mining|CD|"]
    assert child_labour.likelihood_at_least == 4
    assert sources(child_labour) == ["eu_cahra", "ilab_goods"]


def test_a_whole_country_designation_suggests_for_the_country() -> None:
    found = suggest(
        [LocationFact(country="ZW", region="ZW-MI", activity="artisanal_mining", materials=("gold",))]
    )
    assert {s.theme for s in found} == CAHRA_MINING_THEMES
    assert {(s.region, s.likelihood_at_least) for s in found} == {("", 4)}
    assert found[0].citations[0].detail["level"] == "country"


def test_a_factory_in_the_netherlands_gets_no_suggestion() -> None:
    plant = LocationFact(country="NL", region="NL-NB", activity="manufacturing", materials=("iron_steel",))
    assert suggest([plant]) == []


def test_a_brassware_maker_in_india_gets_ilabs_brassware_listing() -> None:
    maker = LocationFact(country="IN", region="IN-UP", activity="manufacturing", materials=("copper",))
    (suggestion,) = suggest([maker])
    assert suggestion.key == "child_labour|copper|processing|IN|"
    assert [c.detail["good"] for c in suggestion.citations] == ["Brassware", "Locks"]


def test_a_copper_mine_in_india_is_not_a_brassware_maker() -> None:
    mine = LocationFact(country="IN", region="IN-JH", activity="mining", materials=("copper",))
    assert suggest([mine]) == []


def test_a_plant_without_materials_in_a_listed_region_gets_processing_risks_for_no_material() -> None:
    plant = LocationFact(country="CD", region="CD-HK", activity="processing")
    found = suggest([plant])
    assert {(s.theme, s.material, s.chain_stage, s.likelihood_at_least) for s in found} == {
        ("corruption", "", "processing", 4),
        ("health_safety", "", "processing", 4),
    }


def test_a_location_of_unknown_activity_gets_the_rule_for_no_activity() -> None:
    found = suggest([LocationFact(country="CD", region="CD-SK", materials=("tin",))])
    themes = {s.theme for s in found if s.region == "CD-SK"}
    assert themes == {"corruption", "health_safety"}
    assert {s.chain_stage for s in found} == {""}
    assert "child_labour|tin||CD|" in by_key(found)


def test_a_location_without_a_country_gets_nothing() -> None:
    assert suggest([LocationFact(country="", activity="mining", materials=("gold",))]) == []


def test_locations_sharing_a_key_are_counted_and_cited_once_each() -> None:
    north = GOLD_MINE_NORTH_KIVU
    south = LocationFact(country="CD", region="CD-SK", activity="artisanal_mining", materials=("gold",))
    found = by_key(suggest([north, north, south]))
    assert found["conflict_financing|gold|mining|CD|CD-NK"].locations == 2
    assert found["conflict_financing|gold|mining|CD|CD-SK"].locations == 1
    country_wide = found["child_labour|gold|mining|CD|"]
    assert country_wide.locations == 3
    assert len(country_wide.citations) == 1


def test_a_location_with_a_material_twice_counts_once() -> None:
    mine = LocationFact(country="CD", region="CD-NK", activity="mining", materials=("gold", "gold"))
    assert {s.locations for s in suggest([mine])} == {1}


def test_most_likely_first_then_in_the_order_of_the_themes() -> None:
    found = suggest(
        [
            LocationFact(country="CD", activity="mining", materials=("tin",)),
            LocationFact(country="BI", activity="trading", materials=("gold",)),
        ]
    )
    likelihoods = [s.likelihood_at_least for s in found]
    assert likelihoods == sorted(likelihoods, reverse=True)
    assert [s.key for s in found if s.likelihood_at_least == 3] == [
        "corruption|tin|mining|CD|",
        "conflict_financing|tin|mining|CD|",
    ]
    assert [s.key for s in found[:4]] == [
        "child_labour|gold|trading|BI|",
        "child_labour|tin|mining|CD|",
        "forced_labour|gold|trading|BI|",
        "forced_labour|tin|mining|CD|",
    ]


def test_citations_are_plain_json() -> None:
    for suggestion in suggest([GOLD_MINE_NORTH_KIVU]):
        for citation in suggestion.citations:
            assert json.loads(json.dumps(citation.as_json())) == citation.as_json()
            assert citation == Citation(citation.source, dict(citation.detail))
            assert hash(citation) == hash(Citation(citation.source, dict(citation.detail)))


def test_a_typed_in_risk_gets_the_floor_and_citations_of_the_reference_data() -> None:
    floor, citations = floor_for(
        theme="child_labour", material="gold", chain_stage="mining", country="CD", region=""
    )
    assert floor == 4
    assert [c.source for c in citations] == ["eu_cahra", "ilab_goods"]
    assert citations[0].detail["level"] == "country_has_regions"


@pytest.mark.parametrize(
    ("theme", "material", "chain_stage", "country", "region", "floor"),
    [
        ("conflict_financing", "gold", "mining", "CD", "", 3),
        ("conflict_financing", "gold", "mining", "CD", "CD-NK", 4),
        ("conflict_financing", "", "", "CD", "CD-NK", 4),
        ("conflict_financing", "gold", "processing", "CD", "CD-NK", None),
        ("health_safety", "", "processing", "CD", "CD-NK", 4),
        ("corruption", "", "own_operations", "CD", "CD-NK", None),
        ("child_labour", "copper", "processing", "IN", "IN-UP", 4),
        ("child_labour", "copper", "mining", "IN", "IN-UP", None),
        ("child_labour", "copper", "", "IN", "IN-UP", 4),
        ("forced_labour", "copper", "processing", "IN", "IN-UP", None),
        ("pollution", "gold", "mining", "CD", "CD-NK", None),
        ("child_labour", "iron_steel", "processing", "NL", "", None),
    ],
)
def test_floor_for_a_typed_in_risk(
    theme: str, material: str, chain_stage: str, country: str, region: str, floor: int | None
) -> None:
    found, citations = floor_for(
        theme=theme, material=material, chain_stage=chain_stage, country=country, region=region
    )
    assert found == floor
    assert bool(citations) == (floor is not None)


def test_a_suggestion_taken_into_the_register_keeps_its_floor_and_citations() -> None:
    locations = [
        GOLD_MINE_NORTH_KIVU,
        LocationFact(country="CD", activity="smelting", materials=("tin", "tantalum")),
        LocationFact(country="IN", region="IN-UP", activity="manufacturing", materials=("copper",)),
        LocationFact(country="PK", activity="processing", materials=("iron_steel",)),
    ]
    found = suggest(locations)
    assert found
    for suggestion in found:
        floor, citations = floor_for(
            theme=suggestion.theme,
            material=suggestion.material,
            chain_stage=suggestion.chain_stage,
            country=suggestion.country,
            region=suggestion.region,
        )
        assert floor is not None and floor >= suggestion.likelihood_at_least
        assert set(suggestion.citations) <= set(citations)
