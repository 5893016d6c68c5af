"""The provinces' data (model.core.data): the digital_note parser and the merged units' former provinces."""
from __future__ import annotations

import statistics

import pytest

from model.core.data import DigitalNote, load_provinces, merged_parts, parse_digital_note
from model.core.params import PARAMETERS


@pytest.mark.parametrize(("note", "expected"), [
    ("digital economy share of GRDP 2022: ex-Bắc Ninh 56.83% (1st of 63), ex-Bắc Giang 42.13%; "
     "DTI 2023: ex-Bắc Giang 9th/63",
     DigitalNote((("Bắc Ninh", 56.83), ("Bắc Giang", 42.13)))),
    ("DTI 2024: 1st/34 (0.8241); DTI 2023: 6th/63; digital economy 17.15% of GRDP (2022)",
     DigitalNote((("", 17.15),), 1, 0.8241)),
    # a semicolon inside parentheses does not end the clause; the 2023 ranks are not read
    ("DTI 2024: 17th/34 (0.7069; ex-Đà Nẵng 0.8335 = 2nd/63, ex-Quảng Nam 0.5803 = 57th/63); DTI 2023: ex-Đà "
     "Nẵng 1st/63; digital economy share 2022: ex-Đà Nẵng 19.76%",
     DigitalNote((("Đà Nẵng", 19.76),), 17, 0.7069)),
    # the year is after the figure; a later city figure without a former province's name is not the 2022 share
    ("DTI 2024: 4th/34 (0.7770); ex-HCMC 1st/63 in DTI 2024; DTI 2023: ex-HCMC 2nd, ex-Bình Dương 7th, ex-BR-VT "
     "10th/63; digital economy share: ex-HCMC 18.66% (2022), 21.5% (city figure cited by Lao Động 2025)",
     DigitalNote((("HCMC", 18.66),), 4, 0.777)),
    ("DTI 2024: among bottom 3 of 34 (with Quảng Trị, Hưng Yên; DTI ~0.5-0.6)", DigitalNote(dti_2024_bottom=3)),
    ("DTI 2024: 5th/34; DTI 2023: 11th/63", DigitalNote(dti_2024_rank=5)),
    ("DTI 2023: 4th/63", DigitalNote()),
    ("digital economy share 2021: ex-X 3.5%", DigitalNote()),  # not 2022
    ("", DigitalNote()),
])
def test_digital_note_parser_reads_2022_shares_and_the_2024_index(note, expected):
    assert parse_digital_note(note) == expected


def test_merged_from_gives_the_former_provinces():
    assert merged_parts("Hà Giang [NMM] + Tuyên Quang [NMM]") == ("Hà Giang", "Tuyên Quang")
    assert merged_parts("unchanged (Thừa Thiên Huế, renamed city of Huế) [NCC]") == ("Thừa Thiên Huế",)
    assert merged_parts("Bình Dương [SE] + Bà Rịa-Vũng Tàu [SE] + TP. Hồ Chí Minh [SE]")[-1] == "TP. Hồ Chí Minh"


def test_the_data_file_gives_twelve_units_with_a_share_and_six_dti_ranks():
    provinces = {p.name_ascii: p for p in load_provinces()}
    shares = {name: p.digital_share_2022 for name, p in provinces.items() if p.digital_share_2022 is not None}
    assert len(shares) == 12
    assert shares["Bac Ninh"] == pytest.approx((56.83 + 42.13) / 2)  # both former provinces published
    assert shares["Ho Chi Minh"] == 18.66 and shares["Ha Noi"] == 17.15
    assert max(shares, key=shares.get) == "Bac Ninh"
    ranks = {name: p.digital.dti_2024_rank for name, p in provinces.items() if p.digital.dti_2024_rank}
    assert ranks == {"Ha Noi": 1, "Hue": 2, "Hai Phong": 3, "Ho Chi Minh": 4, "Thanh Hoa": 5, "Da Nang": 17}
    assert {name for name, p in provinces.items() if p.digital.dti_2024_bottom} == {"Cao Bang", "Quang Tri", "Hung Yen"}


def test_the_imputed_share_is_the_median_outside_the_five_named_leaders():
    """province_digital_share_imputed's source: the median of the published former provinces' shares once the
    five leaders the report names (the electronics hubs) are left out."""
    published = sorted(share for p in load_provinces() for _, share in p.digital.shares_2022)
    rest = published[:-5]
    assert published[-5:] == [22.87, 29.48, 42.13, 42.92, 56.83]
    assert round(statistics.median(rest), 1) == PARAMETERS["province_digital_share_imputed"].default
