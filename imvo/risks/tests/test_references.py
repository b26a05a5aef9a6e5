"""The shipped reference data as a user meets it: which areas and goods are listed, and where from."""

from __future__ import annotations

import hashlib

import pycountry
import pytest
from django.utils import translation

from imvo.risks.references import (
    DATA,
    cahra_areas,
    cahra_lookup,
    ilab_goods,
    ilab_lookup,
    source_info,
    sources,
)


def test_cahra_source_gives_its_edition_retrieval_date_and_status() -> None:
    cahra = source_info("eu_cahra")
    assert cahra.edition == "2026-06"
    with translation.override("nl"):
        assert cahra.edition_label == "juni 2026"
    with translation.override("en"):
        assert cahra.edition_label == "June 2026"
    assert cahra.retrieved == "2026-07-14"
    assert "no explicit license" in cahra.licence
    assert cahra.file == "eu-cahra-2026-06.json"
    assert cahra.url == "https://www.cahraslist.net/"


def test_ilab_source_is_public_domain_with_unknown_retrieval_date() -> None:
    ilab = source_info("ilab_goods")
    assert (ilab.edition, ilab.retrieved) == ("2016", "")
    assert "public domain" in ilab.licence


@pytest.mark.parametrize("code", ["eu_cahra", "ilab_goods"])
def test_checksum_is_that_of_the_shipped_file_and_documented(code: str) -> None:
    info = source_info(code)
    shipped = DATA / "reference" / info.file
    assert info.sha256 == hashlib.sha256(shipped.read_bytes()).hexdigest()
    assert info.sha256 in (DATA / "reference" / "SOURCES.md").read_text(encoding="utf-8")


def test_sources_are_named_in_the_active_language() -> None:
    assert [source.code for source in sources()] == ["eu_cahra", "ilab_goods"]
    with translation.override("nl"):
        assert source_info("eu_cahra").name.startswith("EU-indicatieve lijst")
    with translation.override("en"):
        assert source_info("eu_cahra").name.startswith("EU indicative list")


def test_a_listed_region_is_found_with_its_flags() -> None:
    hit = cahra_lookup("cd", "cd-nk")
    assert hit is not None and hit.level == "region"
    (area,) = hit.areas
    assert (area.country, area.region, area.name) == ("CD", "CD-NK", "Nord-Kivu")
    assert area.conflict_affected is True


def test_without_a_region_the_countrys_listed_regions_are_given() -> None:
    hit = cahra_lookup("CD")
    assert hit is not None and hit.level == "country_has_regions"
    assert len(hit.areas) == 26
    assert "CD-NK" in {area.region for area in hit.areas}


@pytest.mark.parametrize("region", ["", "BI-BM"])
def test_a_whole_country_designation_covers_every_region(region: str) -> None:
    hit = cahra_lookup("BI", region)
    assert hit is not None and hit.level == "country"
    (area,) = hit.areas
    assert (area.region, area.name) == ("", "Burundi")
    assert (area.conflict_affected, area.high_risk) == (None, None)


@pytest.mark.parametrize(("country", "region"), [("IN", "IN-MH"), ("NL", ""), ("NL", "NL-NH"), ("", "")])
def test_places_outside_the_listed_areas_are_not_found(country: str, region: str) -> None:
    assert cahra_lookup(country, region) is None


def test_chhattisgarh_is_found_under_its_current_iso_code() -> None:
    for code in ("IN-CT", "IN-CG"):
        hit = cahra_lookup("IN", code)
        assert hit is not None and hit.level == "region"
        assert hit.areas[0].region == "IN-CT"


def test_every_cahra_country_is_an_iso_country() -> None:
    assert all(pycountry.countries.get(alpha_2=area.country) for area in cahra_areas())
    assert len({area.country for area in cahra_areas()}) == 29


def test_cahra_region_codes_are_iso_subdivisions_but_for_one_renamed_code() -> None:
    regions = [area.region for area in cahra_areas() if area.region]
    assert len(regions) == 234
    assert all(region.startswith(f"{region[:2]}-") for region in regions)
    assert {region for region in regions if pycountry.subdivisions.get(code=region) is None} == {"IN-CT"}


def test_every_ilab_entry_has_an_iso_country() -> None:
    goods = ilab_goods()
    assert len(goods) == 353
    assert [g for g in goods if pycountry.countries.get(alpha_2=g.country) is None] == []


@pytest.mark.parametrize(
    ("good", "country", "ilab_code"), [("Jade", "MM", "BU"), ("Rubies", "MM", "BU"), ("Cotton", "KG", "KV")]
)
def test_ilab_goods_are_found_under_the_iso_code_not_ilabs_own(
    good: str, country: str, ilab_code: str
) -> None:
    assert ilab_lookup(good, country) is not None
    assert ilab_lookup(good, ilab_code) is None


def test_an_ilab_listing_carries_its_flags() -> None:
    gold = ilab_lookup("gold", "cd")
    assert gold is not None
    assert (gold.good, gold.country) == ("Gold", "CD")
    assert (gold.child_labour, gold.forced_labour, gold.forced_child_labour) == (True, True, True)
    brassware = ilab_lookup("Brassware", "IN")
    assert brassware is not None
    assert (brassware.child_labour, brassware.forced_labour) == (True, False)
    assert ilab_lookup("Gold", "NL") is None
