import json
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.errors import InputError
from app.core.paths import resource_path
from app.mipin.engine import Catalogue, load_catalogue, normalise_name
from app.mipin.engine.algorithms import AlgorithmDef, NameTable

LAYER_SUMS_L3 = {"PE": "2.4", "NC": "3.5", "DC": "3.9", "AD": "6.2", "MS": "4.5", "PM": "3.8", "BO": "4.4", "ER": "2.4"}


def test_catalogue_is_cached_and_has_41_units(cat: Catalogue) -> None:
    assert load_catalogue() is cat
    assert [u.id for u in cat.units][:3] == ["PE-1", "PE-2", "PE-3"]
    assert len(cat.units) == 41
    assert cat.units[-1].id == "ER-3"


@pytest.mark.parametrize(("level", "count", "technical"), [(1, 24, 15), (2, 27, 15), (3, 41, 22), (4, 41, 22)])
def test_units_per_level(cat: Catalogue, level: int, count: int, technical: int) -> None:
    units = cat.units_for_level(level)
    assert len(units) == count
    assert sum(u.is_technical for u in units) == technical


def test_units_absent_at_low_levels(cat: Catalogue) -> None:
    level1 = {u.id for u in cat.units_for_level(1)}
    level2 = {u.id for u in cat.units_for_level(2)}
    assert {"PE-3", "NC-5", "DC-2", "DC-4", "DC-6", "AD-3", "AD-8", "MS-3", "PM-2", "BO-5", "ER-2"}.isdisjoint(level1)
    assert {"MS-3", "PM-2", "PM-3"} <= level2
    assert {"PE-3", "NC-5", "DC-2", "MS-4", "BO-5", "ER-3"}.isdisjoint(level2)
    assert cat.weight("PE-3", 2) is None


def test_level3_weight_sums_match_the_rules(cat: Catalogue) -> None:
    for code, expected in LAYER_SUMS_L3.items():
        total = sum(cat.weight(u.id, 3) or 0 for u in cat.units_for_level(3) if u.layer == code)
        assert total == Decimal(expected), code


@pytest.mark.parametrize(
    ("unit", "level", "requirement", "weight"),
    [
        ("PE-1", 3, "宜", "1"),
        ("AD-8", 3, "宜", "1"),
        ("NC-4", 3, "宜", "0.4"),
        ("DC-2", 3, "应", "1"),
        ("NC-5", 3, "可", "0.4"),
        ("NC-5", 4, "宜", "0.7"),
        ("NC-1", 4, "应", "1"),
        ("PE-1", 1, "可", "0.4"),
        ("MS-1", 1, "应", "1"),
        ("AD-6", 4, "应", "1"),
    ],
)
def test_requirement_and_weight(cat: Catalogue, unit: str, level: int, requirement: str, weight: str) -> None:
    req = cat.unit(unit).at_level(level)
    assert req is not None
    assert (req.requirement, req.weight) == (requirement, Decimal(weight))


def test_level4_nc1_note_and_clauses(cat: Catalogue) -> None:
    nc1 = cat.unit("NC-1")
    req = nc1.at_level(4)
    assert req is not None and "双向" in req.note
    assert (nc1.gbt39786_clause, nc1.gbt43206_clause) == ("8.2 a)", "6.2.1")
    assert nc1.name_zh == "身份鉴别" and nc1.test_object_types and nc1.test_procedure
    assert nc1.certified_product_types and nc1.typical_remediations


def test_layers_and_groups(cat: Catalogue) -> None:
    assert [(x.code, x.weight) for x in cat.layers] == [
        ("PE", 10), ("NC", 20), ("DC", 10), ("AD", 30), ("MS", 8), ("PM", 8), ("BO", 8), ("ER", 6),
    ]  # fmt: skip
    assert [(g.code, g.points, g.layers) for g in cat.groups] == [
        ("technical", 70, ("PE", "NC", "DC", "AD")),
        ("management", 30, ("MS", "PM", "BO", "ER")),
    ]


def test_high_risk_items(cat: Catalogue) -> None:
    items = {h.item: h for h in cat.high_risk_items}
    assert list(items) == ["5.1", "5.2", "5.3", "6.1", "7.1", "7.2", "7.3", "8.1", "8.2",
                           "9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]  # fmt: skip
    assert {k for k, h in items.items() if h.mitigable} == {"6.1", "7.2", "8.1", "8.2", "9.1", "9.2", "9.4", "10.2"}
    mapping = {k: (h.unit, h.from_level) for k, h in items.items() if h.unit}
    assert mapping == {
        "6.1": ("PE-1", 2), "7.1": ("NC-1", 3), "7.2": ("NC-3", 3), "7.3": ("NC-5", 4), "8.1": ("DC-1", 3),
        "8.2": ("DC-2", 3), "9.1": ("AD-1", 3), "9.2": ("AD-4", 3), "9.3": ("AD-5", 3), "9.4": ("AD-7", 3),
        "9.5": ("AD-8", 3), "10.1": ("MS-1", 2), "10.2": ("BO-1", 2),
    }  # fmt: skip
    assert cat.unit("DC-2").high_risk is items["8.2"]
    assert items["8.2"].conditions and items["8.2"].mitigations and "8.2" in items["8.2"].guide_text
    assert len(cat.key_hazards) == 17 and cat.key_hazard("A.3.3") is not None


@pytest.mark.parametrize(
    ("name", "approved", "bits"),
    [
        ("SM2", True, 128), ("SM3", True, 128), ("SM4", True, 128), ("SM9", True, 128), ("ZUC", True, 128),
        ("HMAC-SM3", True, 128), ("AES-128", False, 128), ("AES-192", False, 192), ("AES-256", False, 256),
        ("3DES-2KEY", False, 80), ("3DES-3KEY", False, 112), ("DES", False, 56), ("RSA-1024", False, 80),
        ("RSA-2048", False, 112), ("RSA-3072", False, 128), ("RSA-4096", False, 152), ("ECDSA-P192", False, 80),
        ("ECDSA-P224", False, 112), ("ECDSA-P256", False, 128), ("ECDSA-P384", False, 192),
        ("SHA-224", False, 112), ("SHA-256", False, 128), ("SHA-384", False, 192), ("SHA-512", False, 256),
        ("HMAC-SHA1", False, 128), ("HMAC-SHA256", False, 256), ("X25519", False, 128), ("Ed25519", False, 128),
        ("ChaCha20", False, 256),
    ],
)  # fmt: skip
def test_algorithm_table(cat: Catalogue, name: str, approved: bool, bits: int) -> None:
    algo = cat.algorithm(name)
    assert (algo.name, algo.approved, algo.strength_bits) == (name, approved, bits)


@pytest.mark.parametrize("name", ["RSA-512", "MD5", "SHA-1"])
def test_weak_algorithms_are_below_80_bits(cat: Catalogue, name: str) -> None:
    assert cat.algorithm(name).strength_bits < 80
    assert cat.algorithm(name).high_risk_item == "5.1"


def test_protocols(cat: Catalogue) -> None:
    names = [p.name for p in cat.protocols]
    assert names == [
        "SSH-1",
        "SSH-2",
        "SSL 2.0",
        "SSL 3.0",
        "TLS 1.0",
        "TLS 1.1",
        "TLS 1.2",
        "TLS 1.3",
        "TLCP",
        "IPSec",
    ]
    flagged = {p.name for p in cat.protocols if p.high_risk_item == "5.2"}
    assert flagged == {"SSH-1", "SSL 2.0", "SSL 3.0", "TLS 1.0"}


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("TLSv1.0", "TLS 1.0"), ("tls 1.0", "TLS 1.0"), ("TLS_1.0", "TLS 1.0"), ("TLSv1", "TLS 1.0"),
        ("tlsv1.2", "TLS 1.2"), ("SSLv3", "SSL 3.0"), ("sslv2", "SSL 2.0"), ("SSHv1", "SSH-1"), ("ssh 2", "SSH-2"),
        ("ipsec", "IPSec"), ("tlcp", "TLCP"),
    ],
)  # fmt: skip
def test_protocol_normalisation(cat: Catalogue, spelling: str, canonical: str) -> None:
    assert cat.protocol(spelling).name == canonical


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("rsa1024", "RSA-1024"), ("RSA 2048", "RSA-2048"), ("rsa_4096", "RSA-4096"), ("aes256", "AES-256"),
        ("sm4", "SM4"), ("Hmac_Sm3", "HMAC-SM3"), ("sha1", "SHA-1"), ("SHA256", "SHA-256"), ("3des-2key", "3DES-2KEY"),
        ("prime256v1", "ECDSA-P256"), ("ecdsa p384", "ECDSA-P384"), ("ed25519", "Ed25519"), ("CHACHA20", "ChaCha20"),
        ("md5", "MD5"), ("zuc", "ZUC"), ("SMS4", "SM4"),
    ],
)  # fmt: skip
def test_algorithm_normalisation(cat: Catalogue, spelling: str, canonical: str) -> None:
    assert cat.algorithm(spelling).name == canonical


def test_normalise_name_rule() -> None:
    assert (
        normalise_name(" TLS v1.0 ")
        == normalise_name("tls-1.0")
        == normalise_name("TLS_1_.0".replace("_.", "."))
        == "tls1.0"
    )
    assert normalise_name("RSA-1024") == normalise_name("rsa1024") == "rsa1024"


def test_unknown_names_are_input_errors(cat: Catalogue) -> None:
    with pytest.raises(InputError, match="未知的密码算法 “RC4”") as err:
        cat.algorithm("RC4", field="units[0].objects[0].algorithms[0]")
    assert err.value.field == "units[0].objects[0].algorithms[0]"
    with pytest.raises(InputError, match="未知的密码协议"):
        cat.protocol("QUIC")
    assert cat.algorithms.find("RC4") is None


def test_ambiguous_table_is_rejected() -> None:
    a = AlgorithmDef("ABC-1", ("abc1",), "hash", False, 10)
    b = AlgorithmDef("ABC 1", (), "hash", False, 10)
    with pytest.raises(ValueError, match="ambiguous"):
        NameTable([a, b], "algorithm")


def test_rules(cat: Catalogue) -> None:
    rules = cat.rules
    assert rules.default_threshold == 60
    assert rules.compensation_allowed("NC-3", "AD-4") and rules.compensation_allowed("AD-4", "NC-3")
    assert rules.compensation_allowed("NC-2", "AD-6") and rules.compensation_allowed("AD-6", "NC-2")
    assert not rules.compensation_allowed("NC-1", "AD-1")
    assert not rules.compensation_allowed("NC-3", "AD-6")
    assert rules.describe_pairs() == "NC-2↔AD-6、NC-3↔AD-4"
    assert [(r.level, r.module_level, r.rk) for r in rules.rk_rules] == [(3, 1, Decimal("1.2")), (4, 2, Decimal("1.5"))]


def test_resource_files_are_valid_json_and_consistent_with_reference() -> None:
    folder = resource_path("catalogue")
    for name in (
        "units.json",
        "layers.json",
        "algorithms.json",
        "protocols.json",
        "high_risk.json",
        "key_hazards.json",
        "rules.json",
    ):
        doc = json.loads((folder / name).read_text(encoding="utf-8"))
        assert doc["format"].startswith("mipin-")
    # The expected table lives in the repository (copied from the reference notes), so this never skips.
    reference = Path(__file__).resolve().parents[1] / "data" / "reference" / "indicator-weights.json"
    ref = json.loads(reference.read_text(encoding="utf-8"))
    units = {u["id"]: u for u in json.loads((folder / "units.json").read_text(encoding="utf-8"))["units"]}
    assert sorted(units) == sorted(i["id"] for i in ref["indicators"])  # 41 units, none missing, none extra
    for indicator in ref["indicators"]:
        unit = units[indicator["id"]]
        for level in "1234":
            entry = unit["levels"][level]
            expected = indicator["weight_by_level"][level]
            assert (entry and entry["weight"]) == expected, (indicator["id"], level)
            requirement = (indicator["requirement_by_level"] or {}).get(level)
            if requirement is not None:  # "应(双向)": the reference annotates, the catalogue notes it
                assert entry is not None and entry["requirement"] == requirement.split("(")[0], (indicator["id"], level)


def test_from_directory_reads_a_copy(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(resource_path("catalogue"), tmp_path / "catalogue")
    copy = Catalogue.from_directory(tmp_path / "catalogue")
    assert copy is not load_catalogue()
    assert len(copy.units) == 41
