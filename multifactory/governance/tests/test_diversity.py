import math

from multifactory.governance import diversity


def company(kind, sector="C", stage="growing"):
    return {"kind": kind, "sector": sector, "stage": stage}


def test_a_community_of_one_kind_has_no_diversity():
    result = diversity.indices([company("artisan")] * 4)
    assert result["kind"] == {"shannon": 0.0, "simpson": 0.0, "groups": 1}


def test_even_groups_give_the_textbook_values():
    result = diversity.indices([company("artisan"), company("sme")] * 3)
    assert result["kind"]["shannon"] == round(math.log(2), 4)
    assert result["kind"]["simpson"] == 0.5


def test_an_applicant_of_a_new_kind_raises_diversity_and_one_of_the_majority_lowers_it():
    members = [company("artisan")] * 3 + [company("sme")]
    new_kind = diversity.what_if(members, company("artist"))
    assert new_kind["kind"]["shannon_change"] > 0
    assert new_kind["kind"]["after"]["groups"] == 3
    same_kind = diversity.what_if(members, company("artisan"))
    assert same_kind["kind"]["simpson_change"] < 0
    assert same_kind["sector"]["shannon_change"] == 0


def test_an_empty_community_is_zero_not_an_error():
    assert diversity.indices([])["stage"]["simpson"] == 0.0
