"""The device ledger per body and the R12 recorder ratio, met or not met with the numbers."""

import pytest

from sanxiang.core.errors import Forbidden, InvalidInput
from sanxiang.evidence.choices import DeviceKind, DeviceStatus
from sanxiang.evidence.models import Device
from sanxiang.evidence.rules import recorder_ratio
from sanxiang.evidence.services import change_device, register_device, set_recorder_policy
from sanxiang.ledger.models import Entry
from sanxiang.testing import factories as f

from .conftest import assert_error

pytestmark = pytest.mark.django_db


def recorder(body, number: str, status=DeviceStatus.ACTIVE, kind=DeviceKind.RECORDER) -> Device:
    return Device.objects.create(body=body, number=number, kind=kind, status=status)


def test_the_ratio_counts_active_recorders_against_active_officers_with_credentials(cast):
    # Body A: 张明, 李华, 赵科长, 周法制 hold valid credentials; one more without, one retired worker.
    f.make_officer(cast.body_a, "无证人员", valid=False)
    ratio = recorder_ratio(cast.body_a)
    assert (ratio.officers, ratio.devices, ratio.required, ratio.met) == (4, 0, 2, False)
    recorder(cast.body_a, "JL-001")
    recorder(cast.body_a, "JL-002", status=DeviceStatus.REPAIR)
    recorder(cast.body_a, "CAM-1", kind=DeviceKind.CAMERA)
    assert not recorder_ratio(cast.body_a).met
    recorder(cast.body_a, "JL-003")
    ratio = recorder_ratio(cast.body_a)
    assert ratio.met and "达标" in ratio.message and "应配 2 台，在用 2 台" in ratio.message


def test_a_class_b_body_needs_one_recorder_per_five_officers(cast):
    set_recorder_policy(cast.chief_a, cast.body_a, {"officers_per_device": 5})
    recorder(cast.body_a, "JL-001")
    assert recorder_ratio(cast.body_a).met and recorder_ratio(cast.body_a).required == 1
    assert Entry.objects.filter(kind="evidence.recorder_policy_changed").count() == 1


def test_heads_and_the_system_admin_keep_the_ledger_officers_may_not(cast):
    officer = cast.officers_a[0]
    device = register_device(
        cast.head_a,
        cast.body_a,
        {
            "number": "JL-9",
            "kind": "recorder",
            "status": "active",
            "assigned_officer": str(officer.public_id),
        },
    )
    assert device.assigned_officer == officer
    register_device(cast.sysadmin, cast.body_a, {"number": "JL-10", "kind": "recorder", "status": "active"})
    with pytest.raises(Forbidden):
        register_device(
            cast.officer_a, cast.body_a, {"number": "JL-11", "kind": "recorder", "status": "active"}
        )
    with pytest.raises(InvalidInput, match="设备编号已存在"):
        register_device(cast.head_a, cast.body_a, {"number": "JL-9", "kind": "recorder", "status": "active"})
    changed = change_device(cast.head_a, device, {"status": "retired"})
    assert changed.status == DeviceStatus.RETIRED and changed.assigned_officer == officer
    assert Entry.objects.filter(kind__startswith="evidence.device_").count() == 3


def test_the_registry_api_shows_devices_and_the_ratio(api, api_for, cast):
    recorder(cast.body_a, "JL-001")
    response = api.get(f"/bodies/{cast.body_a.public_id}/devices")
    assert response.status_code == 200
    body = response.json()
    assert body["ratio"] == {
        "officers": 4,
        "devices": 1,
        "officers_per_device": 3,
        "required": 2,
        "met": False,
        "message": "执法记录仪配备未达标：在岗持证执法人员 4 名，按每 3 名 1 台应配 2 台，在用 1 台",
    }
    assert [d["number"] for d in body["devices"]] == ["JL-001"]
    head = api_for(cast.head_a)
    created = head.post(
        f"/bodies/{cast.body_a.public_id}/devices",
        {"number": "JL-002", "kind": "recorder", "status": "active"},
    )
    assert created.status_code == 201
    assert (
        head.send(
            "PATCH",
            f"/devices/{created.json()['id']}",
            b'{"status": "repair"}',
            CONTENT_TYPE="application/json",
        ).json()["status"]
        == "repair"
    )
    assert head.send(
        "PUT",
        f"/bodies/{cast.body_a.public_id}/recorder-policy",
        b'{"officers_per_device": 5}',
        CONTENT_TYPE="application/json",
    ).json()["met"]
    assert_error(
        api.post(
            f"/bodies/{cast.body_a.public_id}/devices",
            {"number": "X", "kind": "recorder", "status": "active"},
        ),
        403,
    )
    assert_error(api_for(cast.officer_b).get(f"/bodies/{cast.body_a.public_id}/devices"), 404)


def test_the_registry_page_shows_met_or_not_met(client, cast):
    client.force_login(cast.head_a)
    page = client.get(f"/evidence/devices/{cast.body_a.public_id}/")
    assert page.status_code == 200 and "未达标" in page.content.decode()
    response = client.post(
        f"/evidence/devices/{cast.body_a.public_id}/",
        {"number": "JL-1", "kind": "recorder", "status": "active"},
    )
    assert response.status_code == 302
    client.post(
        f"/evidence/devices/{cast.body_a.public_id}/",
        {"number": "JL-2", "kind": "recorder", "status": "active"},
    )
    page = client.get(f"/evidence/devices/{cast.body_a.public_id}/").content.decode()
    assert "执法记录仪配备达标" in page and "JL-2" in page
    assert client.get("/evidence/devices/").status_code == 302  # one body: straight to its registry
