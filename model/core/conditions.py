"""What the agencies provide: the public conditions that households and firms react to.

Agencies write these each quarter (policy phase); the household and firm phases
only read them. Province-level arrays are indexed by province; ``[:, area]``
columns are urban (0) and rural (1).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Conditions:
    mobile_coverage: np.ndarray  # (P, 2) share of households within reach of mobile broadband
    fibre_coverage: np.ndarray  # (P, 2) share of households passed by fibre
    programme_exposure: np.ndarray  # (P,) mass digital-literacy places per adult this year
    advanced_exposure: np.ndarray  # (P,) advanced training places per adult with basic skills this year
    egov_supply: np.ndarray  # (P,) 0-1 index of public services fully online in the province
    institutions: float  # 0-1 national index: digital legal corridor, compliance cost, data and cyber rules
    national_infra: float  # 0-1 index: backbone, data centres, national databases (valued in data-centre MW)
    coordination: float  # 0-1 scenario level this quarter
    inclusion: float  # 0-1 share of budgets targeted at rural, poor and older people
    infra_quality: np.ndarray  # (P,) 0-1 connectivity quality firms see (access, 5G, backbone)
    data_sharing: float  # 0-1 public-private data sharing ("correct, sufficient, clean, live, unified")
    cyber_protection: float  # 0-1 share of fraud incidents stopped
    fiveg_coverage: np.ndarray  # (P, 2) share of households within reach of 5G (built after commercial 5G)
    fiveg_reach: np.ndarray  # (P,) share of the province's households within reach of 5G (rules.agencies.fiveg_reach)
    fiveg: bool = False
    data_framework: bool = False
    depa: bool = False
