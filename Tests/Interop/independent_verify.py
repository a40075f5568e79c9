#!/usr/bin/env python3
"""An independent check of a thidua log, written only from ../shared/spec/integrity.md.

It shares no code with thidua: Ed25519 is PyNaCl (libsodium), the Merkle tree and its
proofs are pymerkle, DSSE's PAE is securesystemslib's. thidua's Swift tests run it on
logs the `thidua` CLI wrote and compare verdicts.

    independent_verify.py LOG.jsonl VKEY CHECKPOINT... [--inclusion P.json] [--consistency P.json]
    independent_verify.py --bundle BUNDLE.json VKEY

Prints one JSON object: {"ok": true, "size": n, "root": b64} or
{"ok": false, "index": i|null, "rule": r, "why": "..."}; exit status 0 or 1.

Rule 5 (authority) is checked for the log layer's key events (LogOpened, KeyRegistered,
KeyRevoked, LogKeyRotated, as Events/README.md defines them): every signer must be a known,
unrevoked key; key events must be signed by a root key; keys must be valid points of the
main subgroup (libsodium's check, stricter than thidua's small-order and canonical check).
Under thidua-keys/2 (and thidua-emulation/2) every payload after the genesis must name the
log's origin in "log". Checkpoints are checked under the key in force at their size: the
genesis key, or the one the last LogKeyRotated before that size names. Domain rules (who
may sign what emulation event) are thidua's own and not checked here.
"""
import base64
import hashlib
import json
import re
import sys

import nacl.bindings
import nacl.exceptions
import nacl.signing
from pymerkle import InmemoryTree, verify_consistency
from securesystemslib.dsse import Envelope

PAYLOAD_TYPE = "application/vnd.thidua.event.v1+json"
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
TYPE = re.compile(r"^[A-Z][A-Za-z0-9]*$")


class Fault(Exception):
    def __init__(self, index, rule, why):
        super().__init__(why)
        self.index, self.rule, self.why = index, rule, why


def b64d(s):
    s = s.replace("-", "+").replace("_", "/")
    return base64.b64decode(s + "=" * (-len(s) % 4), validate=True)


def b64(b):
    return base64.b64encode(b).decode()


def keyid(raw):
    return hashlib.sha256(raw).digest()[:16].hex()


def canonical(i, received, env):
    sigs = ",".join('{"keyid":"%s","sig":"%s"}' % (s["keyid"], s["sig"]) for s in env["signatures"])
    return ('{"index":%d,"receivedAt":"%s","envelope":{"payload":"%s","payloadType":"%s","signatures":[%s]}}'
            % (i, received, env["payload"], env["payloadType"], sigs)).encode()


BOUND_RULES = {"thidua-keys/2", "thidua-emulation/2"}


def valid_key(raw, i, what):
    if len(raw) != 32 or not nacl.bindings.crypto_core_ed25519_is_valid_point(raw):
        raise Fault(i, 4, "%s is not a valid Ed25519 public key (small order, non-canonical or off the main subgroup)" % what)
    return raw


def check_entries(lines):
    keys = {}  # keyid -> {"raw": bytes, "root": bool, "revoked": bool}
    seen_ids = set()
    last_time = ""
    log_keys = []  # (from size, raw key)
    origin = None
    bound = False
    for i, line in enumerate(lines):
        # Rule 1: parses, index i, canonical bytes.
        try:
            obj = json.loads(line)
            env = obj["envelope"]
            if list(obj) != ["index", "receivedAt", "envelope"] or obj["index"] != i:
                raise ValueError("keys or index")
            if list(env) != ["payload", "payloadType", "signatures"]:
                raise ValueError("envelope keys")
            ids = [s["keyid"] for s in env["signatures"]]
            if not ids or ids != sorted(set(ids)) or any(list(s) != ["keyid", "sig"] for s in env["signatures"]):
                raise ValueError("signatures")
            if b64(b64d(env["payload"])) != env["payload"] or any(b64(b64d(s["sig"])) != s["sig"] for s in env["signatures"]):
                raise ValueError("base64 not canonical")
            if canonical(i, obj["receivedAt"], env) != line or not TIME.match(obj["receivedAt"]):
                raise ValueError("not canonical")
        except (ValueError, KeyError, TypeError) as e:
            raise Fault(i, 1, "line %d is not the canonical entry line (%s)" % (i, e))
        # Rule 2.
        if obj["receivedAt"] < last_time:
            raise Fault(i, 2, "receivedAt goes backwards")
        last_time = obj["receivedAt"]
        if env["payloadType"] != PAYLOAD_TYPE:
            raise Fault(i, 1, "payloadType is %r" % env["payloadType"])
        payload = b64d(env["payload"])
        # Rule 4 is read before rule 3 for the genesis only: it names its own signers.
        try:
            p = json.loads(payload.decode("utf-8"))
            if not isinstance(p, dict) or p.get("v") != 1 or not TYPE.match(p.get("type", "")) \
                    or not ID.match(p.get("id", "")) or not RFC3339.match(p.get("issuedAt", "")) \
                    or len(payload) > 65536:
                raise ValueError("required fields")
        except (ValueError, UnicodeDecodeError) as e:
            p = None
            payload_error = str(e)
        if i == 0:
            if p is None or p["type"] != "LogOpened":
                raise Fault(0, 5 if p else 4, "entry 0 is not a LogOpened genesis")
            origin = p["origin"]
            log_keys.append((1, valid_key(b64d(p["logKey"]), 0, "logKey")))
            bound = p.get("rules") in BOUND_RULES
            for k in p["rootKeys"]:
                raw = valid_key(b64d(k), 0, "a root key")
                keys[keyid(raw)] = {"raw": raw, "root": True, "revoked": False}
        # Rule 3: every signature verifies under the key its keyid names.
        pae = Envelope(payload, PAYLOAD_TYPE, {}).pae()
        for s in env["signatures"]:
            k = keys.get(s["keyid"])
            if k is None:
                raise Fault(i, 5, "signer %s is not a key of this log" % s["keyid"])
            try:
                nacl.signing.VerifyKey(k["raw"]).verify(pae, b64d(s["sig"]))
            except nacl.exceptions.BadSignatureError:
                raise Fault(i, 3, "signature by %s does not verify" % s["keyid"])
        if p is None:
            raise Fault(i, 4, "payload: %s" % payload_error)
        if p["id"] in seen_ids:
            raise Fault(i, 4, "id %r repeated" % p["id"])
        seen_ids.add(p["id"])
        if i > 0 and bound and p.get("log") != origin:
            raise Fault(i, 4, "payload is not bound to this log (\"log\" is %r, the origin is %r)" % (p.get("log"), origin))
        # Rule 5, for the log layer's key events.
        if i > 0:
            for s in ids:
                if keys[s]["revoked"]:
                    raise Fault(i, 5, "signer %s was revoked" % s)
            if p["type"] == "LogOpened":
                raise Fault(i, 5, "a second genesis")
            if p["type"] in ("KeyRegistered", "KeyRevoked", "LogKeyRotated") and not any(keys[s]["root"] for s in ids):
                raise Fault(i, 5, "%s not signed by a root key" % p["type"])
            if p["type"] == "LogKeyRotated":
                log_keys.append((i + 1, valid_key(b64d(p["logKey"]), i, "LogKeyRotated.logKey")))
            if p["type"] == "KeyRegistered":
                raw = valid_key(b64d(p["publicKey"]), i, "KeyRegistered.publicKey")
                if keyid(raw) in keys:
                    raise Fault(i, 5, "key registered twice")
                keys[keyid(raw)] = {"raw": raw, "root": p["role"] == "root", "revoked": False}
            if p["type"] == "KeyRevoked":
                if p["keyid"] not in keys:
                    raise Fault(i, 4, "revokes an unknown key")
                keys[p["keyid"]]["revoked"] = True
    return origin, log_keys


def key_at(log_keys, size):
    """The checkpoint key in force for a tree of `size` entries."""
    raw = log_keys[0][1]
    for since, k in log_keys:
        if since <= size:
            raw = k
    return raw


def key_hash(name, raw):
    return hashlib.sha256(name.encode() + b"\n" + b"\x01" + raw).digest()[:4]


def node(a, b):
    return hashlib.sha256(b"\x01" + a + b).digest()


def rfc9162_inclusion_root(index, size, leaf, path):
    """RFC 9162 §2.1.3.2, step by step."""
    if index >= size:
        raise ValueError("index beyond tree")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ValueError("path too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("path too short")
    return r


def rfc9162_consistency_roots(first, second, path):
    """RFC 9162 §2.1.4.2 steps 3-10: the (first, second) roots a consistency path proves.
    The caller has prepended the first root when `first` is a power of two (step 2)."""
    if not path:
        raise ValueError("empty path")
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ValueError("path too long")
        if fn & 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("path too short")
    return fr, sr


def check_consistency(first, second, old_root, new_root, path):
    if first == 0 or first > second:
        raise ValueError("no consistency proof from size %d to %d" % (first, second))
    if first == second:
        if path or old_root != new_root:
            raise ValueError("equal sizes need an empty path and equal roots")
        return
    if first & (first - 1) == 0:
        path = [old_root] + path
    fr, sr = rfc9162_consistency_roots(first, second, path)
    if fr != old_root or sr != new_root:
        raise ValueError("consistency path does not give both roots")


def parse_vkey(text):
    name, khash, key = text.strip().split("+", 2)
    blob = base64.b64decode(key)
    assert blob[0] == 1 and len(blob) == 33, "not an Ed25519 verifier key"
    assert hashlib.sha256(name.encode() + b"\n" + blob).digest()[:4].hex() == khash, "key hash"
    return name, bytes.fromhex(khash), blob[1:]


def check_checkpoint(text, name, khash, raw):
    body, _, sigs = text.partition("\n\n")
    body += "\n"
    origin, size, root = body.rstrip("\n").split("\n")
    for line in sigs.rstrip("\n").split("\n"):
        dash, signer, sig = line.split(" ")
        blob = base64.b64decode(sig)
        if dash == "\u2014" and signer == name and blob[:4] == khash:
            nacl.signing.VerifyKey(raw).verify(body.encode(), blob[4:])
            return origin, int(size), base64.b64decode(root)
    raise ValueError("no signature by %s" % name)


def check_bundle(path, vkey):
    """An entry bundle (Events/README.md): the line's leaf hash, its RFC 9162 inclusion
    proof to the checkpoint's root, the checkpoint's signature under the pinned key, and
    the envelope's DSSE signatures under the keys the bundle names."""
    b = json.load(open(path, encoding="utf-8"))
    name, khash, raw = parse_vkey(vkey)
    try:
        origin, size, root = check_checkpoint(b["checkpoint"], name, khash, raw)
    except (ValueError, nacl.exceptions.BadSignatureError) as e:
        raise Fault(None, 6, "bundle checkpoint: %s" % e)
    line = b["line"].encode()
    p = b["inclusionProof"]
    leaf = hashlib.sha256(b"\x00" + line).digest()
    if b64(leaf) != p["leafHash"] or p["treeSize"] != size:
        raise Fault(p["index"], 6, "the line does not hash to the proof's leaf, or the proof is for another size")
    try:
        ok = rfc9162_inclusion_root(p["index"], size, leaf, [b64d(h) for h in p["path"]]) == root
    except ValueError:
        ok = False
    if not ok:
        raise Fault(p["index"], 6, "inclusion proof does not lead to the checkpoint's root")
    entry = json.loads(line)
    env = entry["envelope"]
    keys = {keyid(b64d(k)): b64d(k) for k in b.get("signerKeys", [])}
    pae = Envelope(b64d(env["payload"]), PAYLOAD_TYPE, {}).pae()
    for sig in env["signatures"]:
        try:
            nacl.signing.VerifyKey(keys[sig["keyid"]]).verify(pae, b64d(sig["sig"]))
        except (KeyError, nacl.exceptions.BadSignatureError):
            raise Fault(p["index"], 3, "signature by %s does not verify" % sig["keyid"])
    print(json.dumps({"ok": True, "index": p["index"], "size": size, "root": b64(root)}))


def main(argv):
    if argv and argv[0] == "--bundle":
        return check_bundle(argv[1], argv[2])
    args, opts = [], {}
    it = iter(argv)
    for a in it:
        if a.startswith("--"):
            opts.setdefault(a[2:], []).append(next(it))
        else:
            args.append(a)
    log_path, vkey, checkpoints = args[0], open(args[1]).read() if not "+" in args[1] else args[1], args[2:]
    data = open(log_path, "rb").read()
    if data and not data.endswith(b"\n"):
        raise Fault(data.count(b"\n"), 1, "export does not end with a newline")
    lines = data.split(b"\n")[:-1]
    origin, log_keys = check_entries(lines)
    name, _, pinned = parse_vkey(vkey)
    if pinned not in [k for _, k in log_keys] or name != origin:
        raise Fault(None, 6, "pinned key is not a checkpoint key of this log")
    tree = InmemoryTree(algorithm="sha256")
    for line in lines:
        tree.append_entry(line)
    n = len(lines)
    sizes = []
    for path in checkpoints:
        text = open(path, encoding="utf-8").read()
        try:
            raw = key_at(log_keys, int(text.split("\n")[1]))
            origin_cp, size, root = check_checkpoint(text, name, key_hash(name, raw), raw)
        except (ValueError, AssertionError, IndexError, nacl.exceptions.BadSignatureError) as e:
            raise Fault(None, 6, "checkpoint %s: %s" % (path, e))
        if origin_cp != origin or size > n or (tree.get_root(size) if size else hashlib.sha256().digest()) != root:
            raise Fault(None, 6, "checkpoint %s does not match the log's root" % path)
        sizes.append(size)
    # Rule 7 by proof: each smaller checkpoint's tree is a prefix of the largest
    # (pymerkle's own proof format and verifier).
    sizes.sort()
    for m in sizes:
        if 0 < m < sizes[-1]:
            proof = tree.prove_consistency(m, sizes[-1])
            verify_consistency(tree.get_state(m), tree.get_state(sizes[-1]), proof)

    def root_of(size):
        return tree.get_root(size) if size else hashlib.sha256().digest()

    # Proofs thidua printed (RFC 9162 JSON): their leaves match pymerkle's, and the
    # RFC 9162 verification algorithms give pymerkle's roots.
    for path in opts.get("inclusion", []):
        p = json.load(open(path))
        leaf = tree.get_leaf(p["index"] + 1)
        if b64(leaf) != p["leafHash"]:
            raise Fault(p["index"], 6, "inclusion proof %s names another leaf hash" % path)
        try:
            ok = rfc9162_inclusion_root(p["index"], p["treeSize"], leaf, [b64d(h) for h in p["path"]]) == root_of(p["treeSize"])
        except ValueError as e:
            ok = False
        if not ok:
            raise Fault(p["index"], 6, "inclusion proof %s does not give the root of size %d" % (path, p["treeSize"]))
    for path in opts.get("consistency", []):
        p = json.load(open(path))
        try:
            check_consistency(p["fromSize"], p["toSize"], root_of(p["fromSize"]), root_of(p["toSize"]), [b64d(h) for h in p["path"]])
        except ValueError as e:
            raise Fault(None, 7, "consistency proof %s: %s" % (path, e))
    root = root_of(n)
    print(json.dumps({"ok": True, "size": n, "root": b64(root)}))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Fault as f:
        print(json.dumps({"ok": False, "index": f.index, "rule": f.rule, "why": f.why}, ensure_ascii=False))
        sys.exit(1)
