"""The matching engine: normalisation, decisions, the registry's operations, clustering and the
`match-locations` command."""

from __future__ import annotations

import csv
import importlib
import subprocess
import sys
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from imvo.supply_chain.matching import (
    AUTO_THRESHOLD,
    REVIEW_THRESHOLD,
    Registry,
    Site,
    cluster,
    fingerprint,
    normalise_address,
    normalise_name,
)

YUNNAN = Site(
    "y1", "Yunnan Tin Company Limited", "No. 121 Jinhu Road, Gejiu", "CN-YN", "CN", 23.36, 103.15, "smelting"
)
JIANGXI = Site(
    "j1", "Jiangxi Copper Co., Ltd.", "15 Yejin Avenue, Guixi", "CN-JX", "CN", 28.29, 117.21, "smelting"
)
YUNNAN_COPPER = Site("yc", "Yunnan Copper Co., Ltd.", "Kunming", "CN-YN", "CN", 25.04, 102.71, "smelting")
TIMAH_KUNDUR = Site(
    "t1", "PT Timah Tbk", "Jl. Jenderal Sudirman 51, Tanjung Batu", "ID-KR", "ID", 0.75, 103.43, "smelting"
)
TIMAH_MENTOK = Site("t2", "PT Timah Tbk", "Jl. Ahmad Yani, Muntok", "ID-BB", "ID", -2.06, 105.16, "smelting")
MSC = Site(
    "m1",
    "Malaysia Smelting Corporation Berhad",
    "Jalan Pantai, Butterworth",
    "MY-07",
    "MY",
    5.41,
    100.36,
    "smelting",
)
METALLO = Site(
    "b1",
    "Metallo Belgium N.V.",
    "Nieuwe Dijkstraat 22, 2340 Beerse",
    "BE-VAN",
    "BE",
    51.32,
    4.86,
    "recycling",
)


def registry(*sites: Site) -> Registry:
    reg = Registry()
    for site in sites:
        reg.add(site.key, site)
    return reg


def variant(site: Site, **changes) -> Site:
    return replace(site, **{"key": "q", **changes})


# --- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Yunnan Tin Company Limited", "YUNNAN TIN CO., LTD."),
        ("Jiangxi Copper Co., Ltd.", "Jiangxi Copper Company Limited"),
        ("PT Timah Tbk", "P.T. Timah (Persero) Tbk."),
        ("Malaysia Smelting Corporation Berhad", "Malaysia Smelting Corp. Sdn. Bhd."),
        ("Metallo Belgium N.V.", "Metallo Belgium NV"),
        ("Fundición Minera S.A. de C.V.", "FUNDICION MINERA SA DE CV"),
        ("Aurubis AG", "Aurubis GmbH & Co. KG"),
        ("Gejiu Zili Mining and Smelting Youxian Gongsi", "Gejiu Zili Mining & Smelting Co Ltd"),
        ("OOO Uralelektromed", "Uralelektromed JSC"),
        ("Thaisarco Public Company Limited", "Thaisarco PCL"),
        ("Recycling Metaal Rotterdam B.V.", "Recycling Metaal Rotterdam"),
        ("Kennecott Utah Copper LLC", "Kennecott Utah Copper, Inc."),
        ("Société Minière du Kivu SARL", "Societe Miniere du Kivu"),
    ],
)
def test_legal_forms_case_and_punctuation_do_not_count(one, other):
    assert normalise_name(one) == normalise_name(other)


def test_names_lose_accents_and_keep_distinctive_words():
    assert normalise_name("Fundición Metalúrgica Ñandú") == normalise_name("fundicion metalurgica nandu")
    assert "yunnan" in normalise_name("Yunnan Tin Co., Ltd.").split()
    assert normalise_name("Jiangxi Copper") != normalise_name("Jiangxi Tungsten")


def test_generic_words_and_abbreviations_take_one_form():
    assert normalise_name("Yunnan Tin Smelting Co") == normalise_name("Yunnan Tin Smelter")
    assert normalise_name("Intl Mfg Corp") == normalise_name("International Manufacturing Corporation")
    assert normalise_name("Metaalrecycling Rotterdam") == normalise_name("Metaal Recycling Rotterdam")
    assert normalise_name("Minera Andina S.A.") == normalise_name("Mining Andina")
    assert normalise_name("Huta Metali Sp. z o.o.") == normalise_name("Huta Metali")


def test_addresses_are_compared_without_abbreviations():
    assert normalise_address("Havenstraat 12, 3089 KB Rotterdam") == normalise_address(
        "havenstr. 12 3089KB  Rotterdam"
    )
    assert normalise_address("No. 15 Huaxi Rd, Gejiu") == normalise_address("15 Huaxi Road Gejiu")
    assert normalise_address("Jl. Sudirman 51") == normalise_address("Jalan Sudirman 51")
    assert normalise_address("Hauptstraße 5") == normalise_address("Hauptstr. 5")


def test_fingerprint_is_stable_and_ignores_formatting():
    site = Site("a", "Yunnan Tin Company Limited", "No. 121 Jinhu Road", "CN-YN", "CN")
    same = Site(
        "b", "  YUNNAN  TIN company limited ", "no. 121  jinhu road", "cn-yn", "cn", 1.0, 2.0, "mining"
    )
    assert fingerprint(site) == fingerprint(same)
    assert fingerprint(site) != fingerprint(variant(site, address="No. 9 Jinhu Road"))
    assert fingerprint(site) != fingerprint(variant(site, country="MY"))
    script = (
        "from imvo.supply_chain.matching import Site, fingerprint;"
        "print(fingerprint(Site('a', 'Yunnan Tin Company Limited', 'No. 121 Jinhu Road', 'CN-YN', 'CN')))"
    )
    other_process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert other_process.stdout.strip() == fingerprint(site)


# --- decisions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "YUNNAN TIN CO., LTD.",
        "Yunnan Tin Smelter",
        "yunnan tin company",
        "Yunan Tin Company Limited",
        "Yunnan Tin Co Ltd Smelting Plant",
    ],
)
def test_the_same_smelter_spelled_differently_is_linked_automatically(name):
    found = registry(YUNNAN, JIANGXI, YUNNAN_COPPER, TIMAH_KUNDUR).match(
        variant(YUNNAN, name=name, address="")
    )
    assert (found.decision, found.facility) == ("auto", "y1")
    assert found.score >= AUTO_THRESHOLD
    assert found.candidates[0].facility == "y1"
    assert found.candidates[0].fields["name"] >= 85


def test_a_variant_already_known_is_linked_even_with_a_close_second():
    reg = registry(YUNNAN, YUNNAN_COPPER)
    reg.add(
        "y1", variant(YUNNAN, name="Yunnan Tin Group", address="", region="", latitude=None, longitude=None)
    )
    found = reg.match(
        variant(YUNNAN, name="YUNNAN TIN GROUP", address="", region="", latitude=None, longitude=None)
    )
    assert (found.decision, found.facility, found.score) == ("auto", "y1", 100.0)


def test_the_same_group_at_another_site_far_away_is_not_linked_automatically():
    reg = registry(TIMAH_KUNDUR, YUNNAN)
    found = reg.match(variant(TIMAH_MENTOK))
    assert found.decision != "auto"
    assert found.candidates[0].fields["distance_km"] > 100


def test_a_name_two_sites_share_goes_to_review_without_an_address():
    reg = registry(TIMAH_KUNDUR, TIMAH_MENTOK)
    found = reg.match(Site("q", "PT TIMAH TBK", country="ID"))
    assert found.decision == "review"
    assert found.score >= REVIEW_THRESHOLD
    assert {c.facility for c in found.candidates} == {"t1", "t2"}


def test_with_its_address_the_right_site_of_the_group_is_linked():
    reg = registry(TIMAH_KUNDUR, TIMAH_MENTOK)
    found = reg.match(Site("q", "Timah", "Jalan Ahmad Yani, Muntok", country="ID"))
    assert (found.decision, found.facility) == ("auto", "t2")


def test_generic_names_in_other_cities_are_not_linked_automatically():
    rotterdam = Site("r", "Metal Recycling B.V.", "Havenweg 1, Rotterdam", "NL-ZH", "NL", 51.9, 4.4)
    reg = registry(rotterdam, Site("g", "Metaal Recycling Groningen B.V.", "Groningen", "NL-GR", "NL"))
    found = reg.match(Site("q", "Metal Recycling BV", "Industrieweg 8, Venlo", "NL-LI", "NL", 51.37, 6.17))
    assert found.decision == "new"


def test_nothing_close_is_new():
    found = registry(YUNNAN, JIANGXI).match(Site("q", "Zhuzhou Smelter Group", "Zhuzhou", "CN-HN", "CN"))
    assert (found.decision, found.facility) == ("new", None)
    assert found.score < REVIEW_THRESHOLD
    assert registry().match(YUNNAN) == registry(MSC).match(YUNNAN)


def test_an_excluded_facility_is_not_proposed_again():
    reg = registry(TIMAH_KUNDUR, TIMAH_MENTOK, YUNNAN)
    question = Site("q", "PT Timah", country="ID")
    first = reg.match(question)
    second = reg.match(question, exclude={first.facility})
    assert first.facility not in {c.facility for c in second.candidates}
    assert second.facility in {"t1", "t2"} - {first.facility}
    assert reg.match(question, exclude={"t1", "t2"}).decision == "new"


def test_an_activity_mismatch_costs_a_little():
    reg = registry(METALLO)
    same = reg.match(variant(METALLO, key="q"))
    other = reg.match(variant(METALLO, key="q", activity="mining", name="Metallo Belgium Beerse"))
    assert same.score > other.score >= AUTO_THRESHOLD - 10


def test_an_acronym_alone_is_a_question_and_with_its_address_a_link():
    reg = registry(MSC, YUNNAN, Site("o", "Mitra Sejahtera", "Ipoh", "MY-08", "MY"))
    found = reg.match(Site("q", "MSC", country="MY"))
    assert (found.decision, found.facility) == ("review", "m1")
    found = reg.match(Site("q", "M.S.C.", "Jalan Pantai, Butterworth", country="MY"))
    assert (found.decision, found.facility) == ("auto", "m1")


def test_merge_makes_one_facility_of_two():
    reg = registry(MSC, YUNNAN)
    reg.add("m2", Site("m2", "MSC Butterworth Smelter", country="MY"))
    assert len(reg) == 3
    reg.merge("m1", "m2")
    assert len(reg) == 2
    assert "m2" not in reg
    found = reg.match(Site("q", "MSC Butterworth Smelter", country="MY"))
    assert (found.decision, found.facility) == ("auto", "m1")
    assert reg.match(variant(MSC)).facility == "m1"
    assert reg.match(Site("q", "Malaysia Smeltng Corp Butterworth", country="MY")).facility == "m1"
    with pytest.raises(KeyError):
        reg.merge("m1", "gone")


def test_candidates_are_at_most_five_best_first_and_distinct():
    reg = Registry()
    for i in range(8):
        reg.add(i, Site(str(i), f"Guangxi Huaxi Nonferrous Metal Plant {i}", country="CN"))
    found = reg.match(Site("q", "Guangxi Huaxi Nonferrous Metal Plant", country="CN"))
    scores = [c.score for c in found.candidates]
    assert len(found.candidates) == 5
    assert scores == sorted(scores, reverse=True)
    assert len({c.facility for c in found.candidates}) == 5


def test_sites_without_a_country_only_meet_sites_without_a_country():
    reg = registry(YUNNAN)
    assert reg.match(variant(YUNNAN, country="")).decision == "new"
    reg.add("x", variant(YUNNAN, country=""))
    assert reg.match(variant(YUNNAN, country="", name="Yunnan Tin Co")).facility == "x"


# --- clustering and re-uploads -------------------------------------------------------------------

LIST = [
    Site("1", "Yunnan Tin Company Limited", "Gejiu", "CN-YN", "CN", activity="smelting"),
    Site("2", "Jiangxi Copper Co., Ltd.", "Guixi", "CN-JX", "CN"),
    Site("3", "YUNNAN TIN CO LTD", "", "", "CN", activity="smelting"),
    Site("4", "PT Timah Tbk", "Tanjung Batu", "ID-KR", "ID", 0.75, 103.43),
    Site("5", "Jiangxi Copper Company Limited", "Guixi, Jiangxi", "", "CN"),
    Site("6", "PT Timah (Persero) Tbk", "Muntok", "ID-BB", "ID", -2.06, 105.16),
    Site("7", "Metallo Belgium NV", "Beerse", "", "BE"),
    Site("8", "Metallo-Belgium N.V.", "Nieuwe Dijkstraat 22, Beerse", "BE-VAN", "BE"),
    Site("9", "Yunnan Tin Smelter", "", "", "CN"),
    Site("10", "Recycling Metaal Rotterdam B.V.", "Havenstraat 3, Rotterdam", "", ""),
    Site("11", "Recycling Metaal Rotterdam", "havenstr. 3 rotterdam", "", ""),
]


def groups(results) -> set[frozenset[str]]:
    by_facility: dict[object, set[str]] = {}
    for r in results:
        by_facility.setdefault(r.facility, set()).add(str(r.key))
    return {frozenset(keys) for keys in by_facility.values()}


def test_cluster_groups_the_same_sites_in_order():
    results = cluster(LIST)
    assert [r.key for r in results] == [s.key for s in LIST]
    assert groups(results) == {
        frozenset({"1", "3", "9"}),
        frozenset({"2", "5"}),
        frozenset({"4"}),
        frozenset({"6"}),
        frozenset({"7", "8"}),
        frozenset({"10", "11"}),
    }
    first = {r.key: r for r in results}
    assert (first["1"].decision, first["1"].facility, first["3"].facility) == ("new", "1", "1")
    assert first["3"].decision == "auto"
    assert all(0 <= r.score <= 100 for r in results)


def test_cluster_with_two_processes_gives_the_same_result():
    assert cluster(LIST, workers=2) == cluster(LIST, workers=1)


def test_cluster_refuses_duplicate_keys():
    with pytest.raises(ValueError, match="unique"):
        cluster([YUNNAN, YUNNAN])


def test_re_adding_the_same_list_links_every_row_automatically():
    results = cluster(LIST)
    reg = Registry()
    for site, result in zip(LIST, results, strict=True):
        reg.add(result.facility, site)
    again = [reg.match(site) for site in LIST]
    assert [m.decision for m in again] == ["auto"] * len(LIST)
    assert [m.facility for m in again] == [r.facility for r in results]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(["upper", "lower", "spaces", "same"]), min_size=len(LIST), max_size=len(LIST))
)
def test_clustering_does_not_depend_on_case_or_spacing(changes):
    def retype(site: Site, change: str) -> Site:
        name = {
            "upper": site.name.upper(),
            "lower": site.name.lower(),
            "spaces": "  " + site.name.replace(" ", "   ") + " ",
        }.get(change, site.name)
        return variant(site, key=site.key, name=name, address=site.address.upper())

    retyped = [retype(site, change) for site, change in zip(LIST, changes, strict=True)]
    assert groups(cluster(retyped)) == groups(cluster(LIST))


# --- the command ---------------------------------------------------------------------------------


def read(path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_command_writes_one_line_per_row_in_order(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "\ufeffid,name,address,region,country,latitude,longitude,activity,tier\n"
        "a,Yunnan Tin Company Limited,Gejiu,CN-YN,China,23.36,103.15,smelter,2\n"
        "b,Jiangxi Copper Co. Ltd,Guixi,,CN,,,,\n"
        "c,YUNNAN TIN CO LTD,,,Chine,,,Smelting,\n"
        "\n"
        'd,Jiangxi Copper Company Limited,"Guixi, Jiangxi",,china,,,,\n',
        encoding="utf-8",
    )
    call_command("match-locations", str(source), str(target), "--workers", "1", verbosity=0)
    rows = read(target)
    assert rows[0] == ["id", "facility", "decision", "score"]
    assert [r[0] for r in rows[1:]] == ["a", "b", "c", "d"]
    assert [r[1] for r in rows[1:]] == ["a", "b", "a", "b"]
    assert [r[2] for r in rows[1:]] == ["new", "new", "auto", "auto"]
    assert all(len(r[3].split(".")[1]) == 1 for r in rows[1:])


def test_command_reads_dutch_excel(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes(
        (
            "ID;Naam;Adres;Land;Breedtegraad;Lengtegraad\r\n"
            "1;Société Générale de Métallurgie;Rue de la Fonderie 5, Hoboken;België;51,17;4,35\r\n"
            "2;Societe Generale de Metallurgie S.A.;rue de la fonderie 5 hoboken;BE;51,171;4,351\r\n"
            "3;Fundición Ñandú S.A.;;Spanje;;\r\n"
        ).encode("cp1252")
    )
    call_command("match-locations", str(source), str(target), verbosity=0)
    rows = read(target)
    assert rows[0] == ["id", "facility", "decision", "score"]
    assert [r[1] for r in rows[1:]] == ["1", "1", "3"]
    assert rows[2][2] == "auto"


def test_command_decodes_what_spreadsheets_save():
    decode = importlib.import_module("imvo.supply_chain.management.commands.match-locations").decode
    text = "id;naam\r\n1;Fundición Ñandú S.A. — Société Générale\r\n"
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "utf-16"):
        assert decode(text.replace("—", "-").encode(encoding)) == text.replace("—", "-")


def test_command_names_rows_without_a_usable_id(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("id,name,country\n,Aurubis AG,DE\nx,Aurubis,DE\nx,Boliden,SE\n", encoding="utf-8")
    call_command("match-locations", str(source), str(target), verbosity=0)
    assert read(target)[1:] == [
        ["", "row-2", "new", "0.0"],
        ["x", "row-2", "auto", "100.0"],
        ["x", "row-4", "new", "0.0"],
    ]


def test_command_explains_what_is_wrong(tmp_path):
    source = tmp_path / "in.csv"
    with pytest.raises(CommandError, match="No such file"):
        call_command("match-locations", str(tmp_path / "missing.csv"), str(tmp_path / "out.csv"))
    source.write_text("nr;naam;land\n1;Aurubis;DE\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Missing column.*id"):
        call_command("match-locations", str(source), str(tmp_path / "out.csv"))
    source.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="empty"):
        call_command("match-locations", str(source), str(tmp_path / "out.csv"))
    source.write_text("id,name\n1,Aurubis\n", encoding="utf-8")
    with pytest.raises(CommandError, match="directory"):
        call_command("match-locations", str(source), str(tmp_path / "nowhere" / "out.csv"))
