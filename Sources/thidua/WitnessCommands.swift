import Foundation
import ThiduaDomain
import ThiduaLog

enum WitnessCommands {
    static let all: [Command] = [witnessKey, witnessCosign, witnessAdd, forkCheck, bundle, bundleVerify]

    static let witnessAdd = Command(
        ["witness", "add"], summary: "Keep a checkpoint's witness cosignatures in the log database.",
        usage: "thidua witness add --db DB --checkpoint COSIGNED --witness VKEY [--witness VKEY ...]",
        options: [
            Option(name: "db", value: "DB", help: "the log database (default: thidua.db)"),
            Option(
                name: "checkpoint", value: "CP", help: "the checkpoint with cosignature lines (`thidua witness cosign`)"
            ),
            Option(
                name: "witness", value: "VKEY", help: "a witness key whose cosignature to keep (others are ignored)",
                repeatable: true),
        ],
        details:
            "Only cosignatures that verify, on a checkpoint the log signed, are kept; `thidua checkpoint` and "
            + "`thidua bundle` then carry them."
    ) { p in
        let log = try App.openLog(p.value("db"))
        let witnesses = try witnessKeys(p)
        guard !witnesses.isEmpty else {
            throw UsageError(
                "--witness VKEY is required: the witnesses whose cosignatures to keep", command: "witness add")
        }
        let cp = try note(try p.required("checkpoint"))
        let kept: [String]
        do { kept = try log.addCosignatures(cp, witnesses: witnesses) } catch let e as CheckpointError {
            throw Failure(Failure.verification, "\(e)")
        }
        guard !kept.isEmpty else {
            throw Failure(
                Failure.verification,
                "none of the given witnesses has a valid cosignature on this checkpoint; nothing kept")
        }
        IO.out(
            "kept cosignatures of \(kept.joined(separator: ", ")) for the checkpoint of size "
                + "\(try Checkpoint(body: cp.body).size)\n"
        )
        return 0
    }

    static func note(_ path: String, what: String = "checkpoint") throws -> SignedNote {
        do { return try SignedNote(text: try IO.readText(path, what: what)) } catch let e as CheckpointError {
            throw Failure(Failure.dataError, "\(path): \(e)")
        }
    }

    static func consistency(_ path: String) throws -> ConsistencyProof {
        do {
            return try ConsistencyProof(json: try JSON.parse(try IO.readFile(path, what: "consistency proof")))
        } catch let e as Failure { throw e } catch {
            throw Failure(
                Failure.dataError, "\(path): \(error); make one with `thidua prove consistency --db DB --from M --to N`"
            )
        }
    }

    static func witnessKeys(_ p: Parsed) throws -> [CosignerKey] {
        try p.all("witness").map { arg in
            let text = FileManager.default.fileExists(atPath: arg) ? try IO.readText(arg, what: "witness key") : arg
            do { return try CosignerKey(text: text) } catch {
                throw Failure(
                    Failure.dataError,
                    "--witness: \(error); print one with `thidua witness key --key W.pem --name NAME`")
            }
        }
    }

    static func defaultName(_ key: PrivateKey) -> String { "witness.thidua/\(key.keyID.hex.prefix(8))" }

    static let witnessKey = Command(
        ["witness", "key"], summary: "Print a witness's cosigner key (C2SP vkey, cosignature/v1).",
        usage: "thidua witness key --key W.pem [--name NAME]",
        options: [
            Option(name: "key", value: "W.pem", help: "the witness's private key"),
            Option(
                name: "name", value: "NAME",
                help: "the witness's name, e.g. witness.so-tu-phap.dienbien.gov.vn (default: witness.thidua/<keyid>)"),
        ]
    ) { p in
        let k = try IO.privateKey(try p.required("key"))
        IO.out(CosignerKey(name: p.value("name") ?? defaultName(k), publicKey: k.publicKey).description + "\n")
        return 0
    }

    static let witnessCosign = Command(
        ["witness", "cosign"],
        summary: "Check a checkpoint's consistency with the last one this witness cosigned, then cosign it.",
        usage:
            "thidua witness cosign --checkpoint CP --key W.pem --log-key VKEY [--old-checkpoint OLD --proof P] "
            + "[--name NAME]",
        options: [
            Option(name: "checkpoint", value: "CP", help: "the new checkpoint"),
            Option(name: "key", value: "W.pem", help: "the witness's private key"),
            Option(
                name: "log-key", value: "VKEY",
                help: "a verifier key of the log (`thidua log-key --all`); give each key it has had", repeatable: true),
            Option(
                name: "old-checkpoint", value: "OLD",
                help: "the last checkpoint this witness cosigned (omit only for the first)"),
            Option(
                name: "proof", value: "P",
                help: "consistency proof from OLD's size to CP's (`thidua prove consistency`)"),
            Option(name: "name", value: "NAME", help: "the witness's name (default: witness.thidua/<keyid>)"),
        ],
        details:
            "Prints the checkpoint with the cosignature line added (C2SP tlog-cosignature v1: time and Ed25519 "
            + "signature)."
    ) { p in
        let key = try IO.privateKey(try p.required("key"))
        _ = try p.required("log-key")
        let logKeys = try p.all("log-key").map(IO.verifierKey)
        let new = try note(try p.required("checkpoint"))
        if let oldPath = p.value("old-checkpoint") {
            let old = try note(oldPath, what: "old checkpoint")
            let newSize = try Checkpoint(body: new.body).size
            let oldSize = try Checkpoint(body: old.body).size
            guard oldSize <= newSize else {
                throw Failure(
                    Failure.verification,
                    "the new checkpoint (size \(newSize)) is smaller than the one this witness cosigned (size "
                        + "\(oldSize)): a log never shrinks; not cosigned"
                )
            }
            let proof =
                oldSize == newSize
                ? nil
                : try consistency(
                    try p.value("proof").map { $0 }
                        ?? {
                            throw UsageError(
                                "--proof P is required: the consistency proof from \(oldSize) to \(newSize)",
                                command: "witness cosign")
                        }())
            do {
                _ = try ForkCheck.check(old, new, keys: logKeys, proof: proof)
            } catch let f as ForkEvidence {
                IO.err(f.description)
                throw Failure(
                    Failure.verification,
                    "not cosigned: the new checkpoint is not consistent with the one this witness cosigned")
            }
        } else {
            do { try new.verify(anyOf: logKeys) } catch {
                throw Failure(Failure.verification, "not cosigned: \(error)")
            }
            IO.err("note: no --old-checkpoint: cosigning on first use; keep this checkpoint as OLD for the next one\n")
        }
        let ts = UInt64(SystemClock().now().millis / 1000)
        IO.out(Cosignature.cosign(new, name: p.value("name") ?? defaultName(key), key: key, timestamp: ts).text)
        return 0
    }

    static let forkCheck = Command(
        ["fork-check"],
        summary: "Check two checkpoints of one log against each other; a fork is reported with both as evidence.",
        usage: "thidua fork-check --checkpoint A --checkpoint B --key VKEY [--proof P | --db DB]",
        options: [
            Option(name: "checkpoint", value: "CP", help: "a checkpoint (give two)", repeatable: true),
            Option(
                name: "key", value: "VKEY", help: "a verifier key of the log (give each key it has had)",
                repeatable: true),
            Option(name: "proof", value: "P", help: "a consistency proof between their sizes"),
            Option(name: "db", value: "DB", help: "a copy of the log to compute the consistency proof from"),
        ],
        details:
            "Exit 0: consistent. Exit 1: a fork (both checkpoints printed as evidence). Exit 2: cannot tell (sizes "
            + "differ and no proof)."
    ) { p in
        let paths = p.all("checkpoint")
        guard paths.count == 2 else { throw UsageError("give exactly two --checkpoint files", command: "fork-check") }
        let a = try note(paths[0])
        let b = try note(paths[1])
        _ = try p.required("key")
        let keys = try p.all("key").map(IO.verifierKey)
        var proof = try p.value("proof").map(consistency)
        if proof == nil, let db = p.value("db") {
            let sa = try Checkpoint(body: a.body).size
            let sb = try Checkpoint(body: b.body).size
            if sa != sb {
                let log = try App.openLog(db)
                guard try log.size() >= max(sa, sb) else {
                    throw Failure(
                        Failure.noInput,
                        "\(App.shown(db)) has \(try log.size()) entries, fewer than the larger checkpoint's "
                            + "\(max(sa, sb))"
                    )
                }
                proof = try log.consistencyProof(from: min(sa, sb), to: max(sa, sb))
            }
        }
        do {
            guard let why = try ForkCheck.check(a, b, keys: keys, proof: proof) else {
                IO.out("CANNOT TELL: the sizes differ; give --proof P or --db DB to check consistency\n")
                return 2
            }
            IO.out("CONSISTENT: \(why)\n")
            return 0
        } catch let f as ForkEvidence {
            IO.out(f.description)
            return Failure.verification
        } catch let e as CheckpointError {
            throw Failure(Failure.verification, "\(e)")
        }
    }

    static let bundle = Command(
        ["bundle"], summary: "Write an offline proof bundle for one entry (line, inclusion proof, checkpoint, keys).",
        usage: "thidua bundle --db DB --index I [--log-key LOG.pem]",
        options: [
            Option(name: "db", value: "DB", help: "the log database (default: thidua.db)"),
            Option(name: "index", value: "I", help: "the entry"), App.logKeyOption,
        ],
        details: "Events/README.md shows how to check a bundle with standard tools."
    ) { p in
        let log = try App.openLog(p.value("db"), logKey: p.value("log-key"))
        IO.out(JSONWriter.string(try log.bundle(index: try p.requiredInt("index")).json) + "\n")
        return 0
    }

    static let bundleVerify = Command(
        ["bundle", "verify"], summary: "Check an entry bundle, or the score proofs of `explain --proofs`, offline.",
        usage: "thidua bundle verify FILE [--key VKEY] [--witness VKEY ... --quorum K]",
        options: [
            Option(
                name: "key", value: "VKEY", help: "the log key you trust (without it, the bundle's own key is used)"),
            Option(name: "witness", value: "VKEY", help: "a witness cosigner key", repeatable: true),
            Option(
                name: "quorum", value: "K", help: "how many of the witnesses must have cosigned (default: all given)"),
        ],
        positionals: "FILE"
    ) { p in
        guard p.positionals.count == 1 else { throw UsageError("give one bundle file", command: "bundle verify") }
        let json: JSON
        do { json = try JSON.parse(try IO.readFile(p.positionals[0], what: "bundle")) } catch let e as JSONError {
            throw Failure(Failure.dataError, "\(p.positionals[0]): \(e)")
        }
        let pinned = try p.value("key").map(IO.verifierKey)
        let witnesses = try witnessKeys(p)
        let quorum = try p.int("quorum") ?? witnesses.count
        let bundles: [JSON] = json["bundles"]?.arrayValue ?? [json]
        if pinned == nil { IO.err("note: no --key: checked against the bundle's own log key; pin the key you trust\n") }
        for b in bundles {
            do {
                let (entry, cp) = try EntryBundle(json: b).verify(pinned: pinned, witnesses: witnesses, quorum: quorum)
                IO.out(
                    "OK entry \(entry.index) is in \(cp.origin) at size \(cp.size) (root \(cp.root.base64)); "
                        + "\(entry.envelope.signatures.count) signature(s) verify\n"
                )
            } catch {
                IO.out("FAIL \(error)\n")
                return Failure.verification
            }
        }
        return 0
    }
}
