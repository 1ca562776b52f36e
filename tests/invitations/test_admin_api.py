import httpx
import pytest
from fastapi import FastAPI

from app.auth.models import Role
from tests.factories import create_user_and_login, registration


@pytest.fixture
async def admin(app: FastAPI, client: httpx.AsyncClient) -> dict[str, str]:
    _, headers = await create_user_and_login(app, client, role=Role.ADMIN)
    return headers


async def create_coupon(client: httpx.AsyncClient, admin: dict[str, str]) -> int:
    response = await client.post(
        "/admin/coupons",
        json={"name": "Ten off", "description": "d", "value": "10.50"},
        headers=admin,
    )
    assert response.status_code == 201, response.text
    coupon_id: int = response.json()["id"]
    return coupon_id


async def test_admin_creates_lists_and_updates_a_code(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    coupon_id = await create_coupon(client, admin)

    created = await client.post(
        "/admin/invitation-codes",
        json={
            "code": "Spring-2027",
            "reward_type": "both",
            "points_reward": 20,
            "coupon_id": coupon_id,
            "max_uses": 5,
        },
        headers=admin,
    )
    code_id = created.json()["id"]
    listed = await client.get("/admin/invitation-codes", headers=admin)
    patched = await client.patch(
        f"/admin/invitation-codes/{code_id}",
        json={"is_active": False, "max_uses": None},
        headers=admin,
    )

    assert created.status_code == 201
    assert created.json()["used_count"] == 0
    assert created.json()["valid_from"]
    assert [c["code"] for c in listed.json()] == ["Spring-2027"]
    assert patched.status_code == 200
    assert patched.json()["is_active"] is False
    assert patched.json()["max_uses"] is None


async def test_usages_list_who_used_a_code(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    created = await client.post(
        "/admin/invitation-codes",
        json={"code": "friends", "reward_type": "points", "points_reward": 5},
        headers=admin,
    )
    await client.post("/auth/register", json=registration(invitation_code="FRIENDS"))

    usages = await client.get(
        f"/admin/invitation-codes/{created.json()['id']}/usages", headers=admin
    )

    assert usages.status_code == 200
    assert usages.json() == []


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (
            {"code": "dup", "reward_type": "points", "points_reward": 1},
            409,
            "code_taken",
        ),
        (
            {"code": "12345678", "reward_type": "points", "points_reward": 1},
            422,
            "code_reserved",
        ),
        ({"code": "nopoints", "reward_type": "points"}, 422, "invalid_reward"),
        ({"code": "nocoupon", "reward_type": "coupon"}, 422, "invalid_reward"),
        (
            {"code": "badcoupon", "reward_type": "coupon", "coupon_id": 999},
            404,
            "coupon_not_found",
        ),
        (
            {
                "code": "backwards",
                "reward_type": "points",
                "points_reward": 1,
                "valid_from": "2030-01-02T00:00:00Z",
                "valid_until": "2030-01-01T00:00:00Z",
            },
            422,
            "invalid_validity",
        ),
    ],
)
async def test_bad_codes_are_refused(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    body: dict[str, object],
    status: int,
    code: str,
) -> None:
    await client.post(
        "/admin/invitation-codes",
        json={"code": "DUP", "reward_type": "points", "points_reward": 1},
        headers=admin,
    )

    response = await client.post("/admin/invitation-codes", json=body, headers=admin)

    assert response.status_code == status
    assert response.json()["detail"]["code"] == code


async def test_patch_rejects_null_for_required_fields_and_unknown_ids(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    created = await client.post(
        "/admin/invitation-codes",
        json={"code": "keepme", "reward_type": "points", "points_reward": 1},
        headers=admin,
    )
    code_id = created.json()["id"]

    nulled = await client.patch(
        f"/admin/invitation-codes/{code_id}", json={"reward_type": None}, headers=admin
    )
    missing = await client.patch(
        "/admin/invitation-codes/999999", json={"is_active": False}, headers=admin
    )
    after = await client.get("/admin/invitation-codes", headers=admin)

    assert nulled.status_code == 422
    assert nulled.json()["detail"]["code"] == "field_not_nullable"
    assert missing.status_code == 404
    assert missing.json()["detail"]["code"] == "code_not_found"
    assert after.json()[0]["reward_type"] == "points"


async def test_admin_routes_need_the_admin_role(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _, user = await create_user_and_login(app, client, role=Role.USER)
    _, agent = await create_user_and_login(app, client, role=Role.AGENT)

    anonymous = await client.get("/admin/invitation-codes")
    as_user = await client.get("/admin/invitation-codes", headers=user)
    as_agent = await client.post(
        "/admin/coupons", json={"name": "x", "value": "1"}, headers=agent
    )

    assert anonymous.status_code == 401
    assert as_user.status_code == 403
    assert as_user.json()["detail"]["code"] == "forbidden"
    assert as_agent.status_code == 403


async def test_coupons_are_listed(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    coupon_id = await create_coupon(client, admin)

    listed = await client.get("/admin/coupons", headers=admin)

    assert [(c["id"], c["value"]) for c in listed.json()] == [(coupon_id, "10.50")]


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        (
            "/admin/coupons",
            {"name": "C", "value": "1", "valid_until": "0001-01-01T00:00:00+01:00"},
            "value_error",
        ),
        ("/admin/coupons", {"name": "   ", "value": "1"}, "value_error"),
        ("/admin/coupons", {"name": "C", "value": "1", "description": "\a"}, None),
        (
            "/admin/invitation-codes",
            {
                "code": "VF5",
                "reward_type": "points",
                "points_reward": 5,
                "valid_from": "9999-12-31T23:59:59-12:00",
            },
            "value_error",
        ),
        (
            "/admin/invitation-codes",
            {
                "code": "naive",
                "reward_type": "points",
                "points_reward": 5,
                "valid_from": "2030-01-01T00:00:00",
            },
            "timezone_aware",
        ),
    ],
)
async def test_admin_bodies_out_of_range_are_422(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    path: str,
    body: dict[str, object],
    code: str | None,
) -> None:
    response = await client.post(path, json=body, headers=admin)

    assert response.status_code == 422
    if code is not None:
        assert code in {item["type"] for item in response.json()["detail"]}


async def test_a_missing_coupon_is_404_even_on_a_points_code(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    created = await client.post(
        "/admin/invitation-codes",
        json={"code": "PTS", "reward_type": "points", "points_reward": 5},
        headers=admin,
    )

    on_create = await client.post(
        "/admin/invitation-codes",
        json={
            "code": "PTSFK",
            "reward_type": "points",
            "points_reward": 5,
            "coupon_id": 99999,
        },
        headers=admin,
    )
    on_patch = await client.patch(
        f"/admin/invitation-codes/{created.json()['id']}",
        json={"coupon_id": 99999},
        headers=admin,
    )
    unknown_field = await client.patch(
        f"/admin/invitation-codes/{created.json()['id']}",
        json={"code": "12345678"},
        headers=admin,
    )

    assert on_create.status_code == 404
    assert on_create.json()["detail"]["code"] == "coupon_not_found"
    assert on_patch.status_code == 404
    assert on_patch.json()["detail"]["code"] == "coupon_not_found"
    assert unknown_field.status_code == 422


async def test_coupon_values_and_times_come_back_normalised(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    created = await client.post(
        "/admin/coupons",
        json={"name": "C", "value": "1", "valid_until": "2030-01-01T10:00:00+14:00"},
        headers=admin,
    )

    assert created.json()["value"] == "1.00"
    assert created.json()["valid_until"] == "2029-12-31T20:00:00Z"


async def test_lists_are_paged(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    for index in range(5):
        await client.post(
            "/admin/invitation-codes",
            json={"code": f"page{index}", "reward_type": "points", "points_reward": 1},
            headers=admin,
        )

    page = await client.get(
        "/admin/invitation-codes", params={"limit": 2, "offset": 1}, headers=admin
    )
    too_big = await client.get(
        "/admin/invitation-codes", params={"limit": 10_000}, headers=admin
    )

    assert [code["code"] for code in page.json()] == ["page1", "page2"]
    assert too_big.status_code == 422
