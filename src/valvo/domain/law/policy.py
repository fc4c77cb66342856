"""The law as data: one versioned policy object holding every legal parameter.

A later law is a new policy version, not a code change. Citations: "§ n" is the draft Act on the
Monitoring Sentence (valvontarangaistuslaki) in the working-group report OM 2007:17, "RL" the
Penal Code, "PKL 2:n" the draft chapter 2 (travel ban) of the Coercive Measures Act; R-numbers
are the requirements in ../shared/spec/monitoring-requirements.md.

Version "2011-act" follows the enacted Act 330/2011 and RL 6:11a as amended by 329/2011 where
those differ from the draft (maximum 6 months; activity up to 50 h a week for a special reason;
no activity 21:00–06:00). Every other value is carried over from the draft unchanged: the
enacted texts are not in ../shared/sources, so those carried-over values are unverified there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import time, timedelta
from fractions import Fraction
from types import MappingProxyType

from valvo.domain.law.errors import LawInputError


@dataclass(frozen=True, slots=True)
class LawPolicy:
    """Every number the law sets for monitoring sentences and travel bans."""

    name: str
    title: str

    # --- Monitoring sentence: length (RL 6:11a; 4.3 of the report) ---
    min_sentence_days: int  # RL 6:11a, 7.1.1; R2: at least 14 days of replaced prison
    max_sentence_months: int  # RL 6:11a; R2: at most 4 calendar months (2011 act: 6)
    combined_max_months: int  # §20; R95: sentences enforced together add up to at most 6 months

    # --- Activity obligation (toimintavelvoite, §2) ---
    activity_min_hours_per_week: int  # §2; R24: at least 10 h a week
    activity_max_hours_per_week: int  # §2; R24: at most 40 h a week
    activity_max_hours_with_special_reason: int | None  # 330/2011 §3.2: up to 50 h; draft: none
    activity_night_start: time  # §2; R25: no activity 18:00–06:00 unless justified (2011: 21:00)
    activity_night_end: time  # §2; R25: the night ends at 06:00

    # --- Parole (RL 2c:5 applies through §1.2; 7.1.5) ---
    parole_fraction_first_timer: Fraction  # RL 2c:5; R73: 1/2, no prison in the 3 years before
    parole_fraction_young: Fraction  # RL 2c:5; R73: 1/3, same but offence committed under 21
    parole_fraction_recidivist: Fraction  # RL 2c:5; R73: 2/3, prison served in those 3 years
    parole_fraction_young_recidivist: Fraction  # RL 2c:5; R73: 1/2, recidivist under 21
    parole_min_served_days: int  # RL 2c:5, 7.1.1; R74: never fewer than 14 days served
    young_offender_age: int  # RL 2c:5; R73: "under 21" at the time of the offence
    prison_lookback_years: int  # RL 2c:5; R73: prison served during the 3 years before the offence

    # --- Conversion to prison (§17) ---
    conversion_min_prison_days: int  # §17, 7.1.6; R89: unserved days 1:1, at least 4 days
    prison_days_per_served_day: int  # §19, §18.2; R91, R92: one day served = one day of prison

    # --- Enforcement deadlines and interruptions (§7, §14, §15) ---
    completion_limit_years: int  # §7.1, §7.3; R70: complete within 1 year of enforceability
    provisional_interruption_max_months: int  # §14.2; R80: provisional interruption ≤ 1 month
    impediment_interruption_max_years: int  # §15; R86: impediment interruptions ≤ 1 year in all

    # --- Breach thresholds (§14): counted breaches, excused ones left out ---
    counted_breaches_for_warning: int  # §14.1; R78: a (minor) breach gets a written warning
    counted_breaches_for_referral: int  # §14.3; R81: a breach after the warning goes to court

    # --- Lapse of an unbegun sentence (RL 8:11 via RL 8:10) ---
    # (longest prison sentence in months, or None for any longer, → years): the first row whose
    # length covers the sentence gives the period in which enforcement must begin (R93).
    sentence_lapse_periods: tuple[tuple[int | None, int], ...]  # RL 8:11, 8:10; R93

    # --- Report: consents and hearing (§4, RL 6:11a) ---
    adult_age: int  # RL 6:11a, §4; R14: co-residents aged 18 or over give written consent
    hearing_min_age: int  # §4; R15: co-residents aged 12–17 are heard, no consent needed

    # --- Travel ban (matkustuskielto, PKL ch. 2) ---
    locality_min_hours: int  # PKL 2:3.3; R105: locality obligation at least 8 h a day
    locality_max_hours: int  # PKL 2:3.3; R105: ... at most 12 h a day, one continuous span
    locality_night_start: time  # PKL 2:3.3; R105: inside 18:00–06:00 unless justified
    locality_night_end: time  # PKL 2:3.3; R105: the night ends at 06:00
    court_referral_limit: timedelta  # PKL 2:7.1; R111(a): provisional decision to court, 72 h
    court_hearing_limit: timedelta  # PKL 2:7.2; R111(b): court takes it up within 7 × 24 h
    charges_limit: timedelta  # PKL 2:14; R118: the ban lapses 60 × 24 h after it was imposed
    ban_min_max_penalty_months: int  # PKL 2:2; R101: the offence carries at least 1 year
    ban_minor_age: int  # PKL 2:2.2; R102: a suspect under 18 is flagged
    # Time under a travel ban is not deprivation of liberty, so it is not credited against a
    # later sentence unless RL 6:13 is amended: a policy version for an amended RL 6:13 sets
    # this True (one day under the ban = one day credited).
    ban_time_credited: bool = False  # RL 6:13; 6.3, 7.2; R125

    def parole_fraction(self, *, under_21: bool, prison_within_lookback: bool) -> Fraction:
        """RL 2c:5 (R73): the recidivism rule picks the row, the age rule the column."""
        if prison_within_lookback:
            return (
                self.parole_fraction_young_recidivist
                if under_21
                else self.parole_fraction_recidivist
            )
        return self.parole_fraction_young if under_21 else self.parole_fraction_first_timer


DRAFT_2007 = LawPolicy(
    name="2007-draft",
    title="Working-group report OM 2007:17, draft laws (Appendix I)",
    min_sentence_days=14,  # RL 6:11a: "minst fjorton dagar" (Swedish text); R2
    max_sentence_months=4,  # RL 6:11a: "högst fyra månader"; R2
    combined_max_months=6,  # §20: "högst sex månader"; R95
    activity_min_hours_per_week=10,  # §2: "vähintään 10 ja enintään 40 tuntia viikossa"; R24
    activity_max_hours_per_week=40,  # §2; R24
    activity_max_hours_with_special_reason=None,  # the draft has no exception
    activity_night_start=time(18, 0),  # §2: "muuksi kuin kello 18:n ja kello 6:n"; R25
    activity_night_end=time(6, 0),  # §2; R25
    parole_fraction_first_timer=Fraction(1, 2),  # RL 2c:5 as described in 7.1.5; R73
    parole_fraction_young=Fraction(1, 3),  # RL 2c:5, offence under 21; R73
    parole_fraction_recidivist=Fraction(2, 3),  # RL 2c:5, prison in the 3 years before; R73
    parole_fraction_young_recidivist=Fraction(1, 2),  # RL 2c:5, both; R73
    parole_min_served_days=14,  # RL 2c:5; 7.1.1; R74
    young_offender_age=21,  # RL 2c:5; R73
    prison_lookback_years=3,  # RL 2c:5: "rikosta edeltävien kolmen vuoden"; R73
    conversion_min_prison_days=4,  # §17: "vähimmäisaika on neljä päivää"; R89
    prison_days_per_served_day=1,  # §19: "yksi päivä ... vastaa yhtä päivää vankeutta"; R92
    completion_limit_years=1,  # §7.1: "vuoden kuluessa"; R70
    provisional_interruption_max_months=1,  # §14.2; R80
    impediment_interruption_max_years=1,  # §15.1: "yhteensä enintään yhdeksi vuodeksi"; R86
    # §14.1: "Jos valvottava menettelee 8 tai 11 §:ssä säädettyjen velvollisuuksiensa
    # vastaisesti, Kriminaalihuoltolaitoksen on annettava hänelle kirjallinen varoitus": the
    # first counted breach; §14.3 and 7.1.6: "vasta varoituksen noudattamatta jättäminen"
    # goes to court: the next counted breach after the warning. R78, R81.
    counted_breaches_for_warning=1,
    counted_breaches_for_referral=2,
    # RL 8:11 (draft in OM 2007:17): "raukeavat samoin kuin niitä vastaava
    # vankeusrangaistus"; the periods are RL 8:10 (297/2003): 5 years for at most 2 years of
    # prison, 10 for at most 4, 15 for at most 8, 20 for longer. RL 8:10 is not in
    # ../shared/sources, so these four values are unverified there. R93.
    sentence_lapse_periods=((24, 5), (48, 10), (96, 15), (None, 20)),
    adult_age=18,  # RL 6:11a; §4; R14
    hearing_min_age=12,  # §4; R15
    locality_min_hours=8,  # PKL 2:3.3: "vähintään kahdeksan ja enintään kaksitoista"; R105
    locality_max_hours=12,  # PKL 2:3.3; R105
    locality_night_start=time(18, 0),  # PKL 2:3.3: "kello 18:n ja 6:n väliseksi"; R105
    locality_night_end=time(6, 0),  # PKL 2:3.3; R105
    court_referral_limit=timedelta(hours=72),  # PKL 2:7.1: "kolmen vuorokauden"; R111(a)
    court_hearing_limit=timedelta(days=7),  # PKL 2:7.2: "seitsemän vuorokauden"; R111(b)
    charges_limit=timedelta(days=60),  # PKL 2:14: "60 vuorokauden"; R118
    ban_min_max_penalty_months=12,  # PKL 2:2: "vähintään vuosi vankeutta"; R101
    ban_minor_age=18,  # PKL 2:2.2: "alle 18-vuotias"; R102
    ban_time_credited=False,  # RL 6:13 credits arrest and remand only; 6.3, 7.2; R125
)

ACT_2011 = replace(
    DRAFT_2007,
    name="2011-act",
    title="Act 330/2011 on the monitoring sentence and RL 6:11a (329/2011)",
    max_sentence_months=6,  # RL 6:11a (329/2011): "enintään kuuden kuukauden"
    activity_max_hours_with_special_reason=50,  # 330/2011 §3.2: up to 50 h for a special reason
    activity_night_start=time(21, 0),  # 330/2011 §3.3: not between 21:00 and 06:00
)

DEFAULT_POLICY_NAME = DRAFT_2007.name

POLICIES: Mapping[str, LawPolicy] = MappingProxyType({p.name: p for p in (DRAFT_2007, ACT_2011)})


def get_policy(name: str = DEFAULT_POLICY_NAME) -> LawPolicy:
    try:
        return POLICIES[name]
    except KeyError:
        known = ", ".join(sorted(POLICIES))
        raise LawInputError("unknown_policy", f"no policy {name!r}; known: {known}") from None
