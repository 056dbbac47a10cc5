from multifactory.api import selectors
from multifactory.api.services import api_token_create, api_token_revoke


def test_a_person_sees_their_tokens_in_force_newest_first(world):
    old, _secret = api_token_create(by=world.member, name="old script")
    new, _secret = api_token_create(by=world.member, name="door")
    gone, _secret = api_token_create(by=world.member, name="gone")
    api_token_revoke(by=world.member, api_token=gone)
    api_token_create(by=world.owner, name="someone else's")

    assert list(selectors.api_token_list(person=world.member)) == [new, old]
