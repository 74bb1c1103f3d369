"""Brings the reference backend to what the load benchmark reads: a registration with an unpaid
order (what 支付 polls), an enrolled person with a session, and a sealing client's signing link
the person has opened. Prints `name=value` lines for scripts/bench-load. Uses only the API and the
sandboxes, as a person and the desktop client would; waits a minute for second SMS codes."""

import base64
import hashlib
import hmac
import json
import os
import random
import secrets
import struct
import sys
import time
import urllib.request

BASE, CLIENT_ID, CLIENT_SECRET = sys.argv[1], sys.argv[2], sys.argv[3]
PASSWORD = "Qianshu2026"


def call(method, path, body=None, headers=None, raw=None, content_type="application/json"):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("content-type", content_type)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    with urllib.request.urlopen(request) as response:
        text = response.read().decode()
    try:
        return json.loads(text)
    except ValueError:
        return text


def png_header(width, height):
    return b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + struct.pack(">II", width, height) + bytes([8, 2, 0, 0, 0, 0, 0, 0, 0])


def sms_code(phone, purpose):
    call("POST", "/api/sms/send", {"phone": phone, "purpose": purpose})
    outbox = call("GET", f"/sandbox/sms?phone={phone}")
    return next(m["code"] for m in outbox if m["purpose"] == purpose)


def registered(phone):
    registration = call("POST", "/api/registrations", {
        "org_id": "huizhou", "role": "bidder", "unit_name": "惠州市某建设工程有限公司", "name": "张三",
        "phone": phone, "sms_code": sms_code(phone, "register"), "agreed": True})
    rid = registration["id"]
    call("PUT", f"/api/registrations/{rid}/identity", {"id_number": "11010519491231002X"})
    for side in ("portrait", "emblem"):
        call("PUT", f"/api/registrations/{rid}/id-card/{side}", raw=png_header(1600, 1000), content_type="image/png")
    challenge = call("POST", f"/api/registrations/{rid}/liveness/challenge", {})
    frames = [{"prompt": p, "images": [base64.b64encode(png_header(320 + i, 240)).decode() for i in range(4)]}
              for p in challenge["prompts"]]
    call("POST", f"/api/registrations/{rid}/liveness", {"challenge_id": challenge["challenge_id"], "frames": frames})
    return rid


def signed_request(method, path, body):
    timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
    key = hashlib.sha256(CLIENT_SECRET.encode()).digest()
    message = f"{method}\n{path}\n{timestamp}\n{nonce}\n".encode() + body + b"\n"
    signature = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
    authorization = (f'CLOUDSIGN-HMAC-SHA256 client_id="{CLIENT_ID}",timestamp="{timestamp}",'
                     f'nonce="{nonce}",signature="{signature}"')
    return call(method, path, raw=body, headers={"authorization": authorization})


phones = ["139" + "".join(random.choice("0123456789") for _ in range(8)) for _ in range(2)]
polled, person = registered(phones[0]), registered(phones[1])
print("setup: waiting a minute for the second SMS codes", file=sys.stderr)
time.sleep(61)
for rid, phone in ((polled, phones[0]), (person, phones[1])):
    call("POST", f"/api/registrations/{rid}/order", {"sms_code": sms_code(phone, "confirm")})
pay = call("POST", f"/api/registrations/{person}/order/pay", {"channel": "h5", "redirect_url": None})
call("POST", f"/sandbox/wxpay/cashier/{pay['h5_url'].rsplit('/', 1)[1]}/pay", raw=b"",
     content_type="application/x-www-form-urlencoded")
for _ in range(50):
    if call("GET", f"/api/registrations/{person}")["step"] == "password":
        break
    time.sleep(0.1)
session = call("PUT", f"/api/registrations/{person}/password", {"password": PASSWORD, "confirm": PASSWORD})

# The desktop's session, with attributes over a made-up document's digest (DER, built by hand:
# contentType id-data, messageDigest, signingTime now).
digest = hashlib.sha256(b"load benchmark").digest()
def tlv(tag, content):
    return bytes([tag, len(content)]) + content
utc = time.strftime("%y%m%d%H%M%SZ", time.gmtime()).encode()
attributes = [
    tlv(0x30, tlv(0x06, bytes.fromhex("2a864886f70d010903")) + tlv(0x31, tlv(0x06, bytes.fromhex("2a864886f70d010701")))),
    tlv(0x30, tlv(0x06, bytes.fromhex("2a864886f70d010904")) + tlv(0x31, tlv(0x04, digest))),
    tlv(0x30, tlv(0x06, bytes.fromhex("2a864886f70d010905")) + tlv(0x31, tlv(0x17, utc))),
]
der = tlv(0x31, b"".join(sorted(attributes)))
opened = signed_request("POST", "/api/seal/sessions", json.dumps({"documents": [
    {"name": "投标函.pdf", "sha256": digest.hex(), "signed_attributes": base64.b64encode(der).decode()}],
    "seal": "personal"}).encode())
sign_token = opened["qr_text"].rsplit("/s/", 1)[1]
call("GET", f"/api/signing/{sign_token}", headers={"authorization": f"Bearer {session['token']}"})
print(f"registration={polled}")
print(f"person_phone={phones[1]}")
print(f"session={session['token']}")
print(f"sign_token={sign_token}")
