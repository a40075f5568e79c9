/// Vietnamese help for the commands: each English text of a summary, an option or the
/// details, and its translation (`CLITests` checks that every command has one).
enum HelpVI {
    static let text: [String: String] = [
        "Make an Ed25519 key pair (PEM files interchangeable with openssl).":
            "Tạo cặp khóa Ed25519 (tệp PEM dùng chung được với openssl).",
        "Create a log: write its genesis entry, signed by the council's root key(s).":
            "Tạo sổ: ghi bản ghi khởi tạo, do (các) khóa gốc của Hội đồng ký.",
        "Rules (Events/README.md):\n  thidua-emulation/2  an emulation movement: councils, units, appraisers, "
            + "agencies; every payload\n                      names its log; unknown fields and out-of-range numbers "
            + "are refused (default)\n  thidua-keys/2       the log layer alone: root keys manage keys, any known "
            + "key signs anything\n  thidua-emulation/1, thidua-keys/1  earlier versions, for logs started "
            + "before 2026-11\nThe checkpoint key never goes into the database: give it as --log-key "
            + "LOG.pem (or\nTHIDUA_LOG_KEY) to the commands that sign checkpoints.":
            "Quy tắc (Events/README.md):\n  thidua-emulation/2  phong trào thi đua: Hội đồng, đơn vị, cơ quan thẩm "
            + "định, cơ quan báo cáo vi phạm; mỗi\n                      nội dung nêu sổ của nó; trường lạ và số "
            + "ngoài giới hạn bị từ chối (mặc định)\n  thidua-keys/2       chỉ lớp sổ: khóa gốc quản lý khóa, "
            + "khóa đã biết nào cũng ký được\n  thidua-emulation/1, thidua-keys/1  phiên bản trước, cho sổ "
            + "lập trước 11/2026\nKhóa ký checkpoint không bao giờ vào cơ sở dữ liệu: đưa nó bằng "
            + "--log-key LOG.pem (hoặc\nTHIDUA_LOG_KEY) cho các lệnh ký checkpoint.",
        "the log database (default: thidua.db in this folder)":
            "cơ sở dữ liệu của sổ (mặc định: thidua.db trong thư mục này)",
        "the log's name in checkpoints, e.g. dienbien.gov.vn/thidua/2025":
            "tên của sổ trong checkpoint, ví dụ dienbien.gov.vn/thidua/2025",
        "the key that signs checkpoints; only its public half goes into DB, keep the file safe":
            "khóa ký checkpoint; chỉ nửa công khai được ghi vào DB, giữ tệp an toàn",
        "a council root key; all given sign the genesis":
            "một khóa gốc của Hội đồng; mọi khóa đưa vào đều ký bản ghi khởi tạo",
        "who may sign what (default: thidua-emulation/2; see below)":
            "ai được ký gì (mặc định: thidua-emulation/2; xem dưới đây)",
        "a human title for the log, kept in the genesis":
            "tiêu đề của sổ, lưu trong bản ghi khởi tạo",
        "Sign a payload into a DSSE envelope (the payload bytes are signed exactly as read).":
            "Ký một nội dung thành phong bì DSSE (ký đúng các byte đã đọc).",
        "The payload must be a JSON object with \"v\": 1, \"type\", \"id\" and \"issuedAt\"; see "
            + "Events/README.md.\n`thidua event TYPE … --key KEY.pem` writes and signs one without JSON by hand.":
            "Nội dung phải là đối tượng JSON có \"v\": 1, \"type\", \"id\" và \"issuedAt\"; xem "
            + "Events/README.md.\n`thidua event LOẠI … --key KHÓA.pem` tạo và ký nội dung mà không phải viết JSON.",
        "a private key to sign with":
            "khóa riêng dùng để ký",
        "Append DSSE envelopes to the log, all or nothing; prints the index of each.":
            "Ghi các phong bì DSSE vào sổ, tất cả hoặc không gì cả; in số thứ tự của từng bản ghi.",
        "A file holds one envelope, or several one per line. A repeated payload id with the same\npayload is not "
            + "appended again: its existing index is printed.":
            "Một tệp chứa một phong bì, hoặc nhiều phong bì mỗi dòng một. Nội dung có mã đã có trong sổ và\ngiống "
            + "hệt thì không ghi lại: in số thứ tự đã có.",
        "Run every check of an append on envelopes (or unsigned payloads) and append nothing.":
            "Chạy mọi bước kiểm tra của việc ghi trên phong bì (hoặc nội dung chưa ký) mà không ghi gì.",
        "Each input is a DSSE envelope, or a payload to check as if the --signer keys signed it.\nExit 0 if every "
            + "one would be appended, 65 if one would be refused (the reason is printed).":
            "Mỗi đầu vào là một phong bì DSSE, hoặc một nội dung được kiểm tra như thể các khóa --signer đã ký.\nMã "
            + "thoát 0 nếu mọi đầu vào sẽ được ghi, 65 nếu có đầu vào bị từ chối (có in lý do).",
        "for an unsigned payload: the public (or private) key that will sign it":
            "với nội dung chưa ký: khóa công khai (hoặc khóa riêng) sẽ ký",
        "Write the log as JSON Lines: every entry's line, in order, each followed by \\n.":
            "Xuất sổ dạng JSON Lines: dòng của từng bản ghi theo thứ tự, mỗi dòng kết thúc bằng \\n.",
        "export the first N entries only":
            "chỉ xuất N bản ghi đầu",
        "Sign (or reprint) a C2SP checkpoint for the log's current size.":
            "Ký (hoặc in lại) checkpoint C2SP cho kích thước hiện tại của sổ.",
        "Reprinting the checkpoint of the current size needs no key; signing a new one needs the log's key.":
            "In lại checkpoint của kích thước hiện tại không cần khóa; ký checkpoint mới cần khóa của sổ.",
        "the log's private checkpoint key, to sign a new checkpoint (or set THIDUA_LOG_KEY=FILE)":
            "khóa riêng ký checkpoint của sổ, để ký checkpoint mới (hoặc đặt THIDUA_LOG_KEY=TỆP)",
        "Print the verifier key of the log's checkpoints (C2SP signed-note key string).":
            "In khóa kiểm chứng checkpoint của sổ (chuỗi khóa signed-note C2SP).",
        "Prints the key in force now. After `thidua log-key rotate`, auditors and witnesses add the new key.":
            "In khóa đang dùng. Sau `thidua log-key rotate`, người kiểm toán và nhân chứng thêm khóa mới.",
        "every checkpoint key the log has had, with the entry that named it":
            "mọi khóa checkpoint sổ đã có, với bản ghi đã nêu khóa đó",
        "Move the log to a fresh checkpoint key (root-signed LogKeyRotated).":
            "Chuyển sổ sang khóa checkpoint mới (LogKeyRotated do khóa gốc ký).",
        "Appends LogKeyRotated naming a fresh key, signs a checkpoint with it, and removes from the\ndatabase any "
            + "checkpoint key an earlier thidua kept there. From then on only the new key signs\ncheckpoints; earlier "
            + "checkpoints stay valid. Give witnesses and auditors the new key\n(`thidua log-key --db DB`); "
            + "`thidua verify` follows the rotation from the genesis key.":
            "Ghi LogKeyRotated nêu một khóa mới, ký checkpoint bằng khóa đó và xóa khỏi cơ sở dữ liệu mọi "
            + "khóa\ncheckpoint mà phiên bản thidua cũ đã lưu ở đó. Từ đó chỉ khóa mới ký checkpoint; các "
            + "checkpoint\ncũ vẫn hợp lệ. Đưa khóa mới cho nhân chứng và người kiểm toán (`thidua log-key --db "
            + "DB`);\n`thidua verify` theo được việc đổi khóa từ khóa khởi tạo.",
        "a council root key; signs the rotation":
            "một khóa gốc của Hội đồng; ký việc đổi khóa",
        "where to write the new private checkpoint key (a new file, mode 0600)":
            "nơi ghi khóa riêng checkpoint mới (tệp mới, quyền 0600)",
        "why, kept in the log (default: the old key may have leaked)":
            "lý do, lưu trong sổ (mặc định: khóa cũ có thể đã lộ)",
        "Print an RFC 9162 inclusion proof for an entry (JSON).":
            "In chứng minh bao hàm RFC 9162 của một bản ghi (JSON).",
        "the entry":
            "bản ghi",
        "tree size (default: the log's size)":
            "kích thước cây (mặc định: kích thước sổ)",
        "Print an RFC 9162 consistency proof between two tree sizes (JSON).":
            "In chứng minh nhất quán RFC 9162 giữa hai kích thước cây (JSON).",
        "the earlier size (> 0)":
            "kích thước trước (> 0)",
        "the later size (default: the log's size)":
            "kích thước sau (mặc định: kích thước sổ)",
        "Verify a log: lines, signatures, authority, Merkle root and signed checkpoints.":
            "Kiểm chứng sổ: từng dòng, chữ ký, thẩm quyền, gốc Merkle và các checkpoint đã ký.",
        "Exit 0 when every check passes; 1 naming the first faulty entry and the rule of the\nintegrity spec §7 "
            + "it breaks. With --db, every stored checkpoint is checked too, every line against the\nleaf hash the "
            + "log stored when it was appended, and the saved authority state (what an\nopen reads instead of "
            + "replaying the log) against the one recomputed from entry 0.":
            "Mã thoát 0 khi mọi kiểm tra đạt; 1 và nêu bản ghi lỗi đầu tiên cùng quy tắc §7 của đặc tả toàn\nvẹn mà "
            + "nó vi phạm. Với --db, mọi checkpoint đã lưu cũng được kiểm tra, mỗi dòng được so với\nmã băm lá "
            + "mà sổ lưu khi ghi, và trạng thái thẩm quyền đã lưu (thứ mà lệnh mở sổ đọc thay cho\nviệc phát lại "
            + "cả sổ) được so với trạng thái tính lại từ bản ghi 0.",
        "with --db: replace a missing or wrong saved authority state with the one recomputed here":
            "với --db: thay trạng thái thẩm quyền đã lưu (nếu thiếu hoặc sai) bằng trạng thái vừa tính lại",
        "an export (.jsonl) to verify":
            "tệp xuất (.jsonl) cần kiểm chứng",
        "a signed checkpoint note; a smaller one proves consistency of that prefix":
            "một checkpoint đã ký; checkpoint nhỏ hơn chứng minh tính nhất quán của phần đầu đó",
        "the log's verifier key string, or a file holding it (`thidua log-key`)":
            "chuỗi khóa kiểm chứng của sổ, hoặc tệp chứa nó (`thidua log-key`)",
        "a witness cosigner key (`thidua witness key`); the largest checkpoint must carry its cosignature":
            "khóa đồng ký của nhân chứng (`thidua witness key`); checkpoint lớn nhất phải có chữ ký đồng ký của nó",
        "how many of the witnesses must have cosigned (default: all given)":
            "số nhân chứng phải đồng ký (mặc định: tất cả đã đưa)",
        "print a machine-readable report":
            "in báo cáo cho chương trình đọc (JSON)",
        "no progress on the terminal":
            "không hiện tiến độ trên màn hình",
        "Replay the log into scores and the ranking of every cluster and bloc.":
            "Tính lại sổ thành điểm và bảng xếp hạng của mọi cụm, khối.",
        "Scores are exact: each criterion is rounded once to 0.01 point (half away from zero) and totals add those.":
            "Điểm tính chính xác: mỗi tiêu chí được làm tròn một lần đến 0,01 điểm (nửa làm tròn ra xa số 0), tổng "
            + "cộng các điểm đó.",
        "the log database (default: thidua.db)":
            "cơ sở dữ liệu của sổ (mặc định: thidua.db)",
        "an export (.jsonl) instead of a database; verified before use":
            "tệp xuất (.jsonl) thay cho cơ sở dữ liệu; được kiểm chứng trước khi dùng",
        "with --log: a signed checkpoint its root must match":
            "với --log: một checkpoint đã ký mà gốc phải khớp",
        "with --checkpoint: the log's verifier key":
            "với --checkpoint: khóa kiểm chứng của sổ",
        "with --log: skip the checks (says so loudly)":
            "với --log: bỏ qua kiểm chứng (và nói rõ điều đó)",
        "only this cluster (cụm)":
            "chỉ cụm này",
        "only this bloc (khối)":
            "chỉ khối này",
        "replay entries received up to this time (2025-06-30 = end of that day, Vietnam time)":
            "tính các bản ghi nhận đến thời điểm này (2025-06-30 = hết ngày đó, giờ Việt Nam)",
        "replay the first N entries":
            "tính N bản ghi đầu",
        "replay without this entry":
            "tính khi bỏ bản ghi này",
        "score every group with this rubric file instead of the published one":
            "chấm mọi cụm, khối bằng tệp bảng điểm này thay cho bảng điểm đã công bố",
        "text (default), json, csv or html":
            "text (mặc định), json, csv hoặc html",
        "vi (default) or en":
            "vi (mặc định) hoặc en",
        "Every point of a unit's score, with the log entries behind it.":
            "Từng điểm của một đơn vị, với các bản ghi tạo ra điểm đó.",
        "the unit, e.g. h-tua-chua":
            "đơn vị, ví dụ h-tua-chua",
        "print JSON: the explanation and, for every entry behind the score, an offline proof bundle":
            "in JSON: phần giải thích và, với mỗi bản ghi tạo ra điểm, một gói chứng minh kiểm tra ngoại tuyến",
        "Build Điện Biên's 2025 emulation year as a signed log, rank it, and verify it.":
            "Dựng năm thi đua 2025 của Điện Biên thành sổ có chữ ký, xếp hạng và kiểm chứng.",
        "Điện Biên's 2025 as it went: closing reviews at 30/06/2025, the district level ended and the wards\nand "
            + "communes merged on 01/07/2025, new clusters to 31/12/2025. Targets are the seed documents' (the\ncity's "
            + "2025 directive; the province's letter 1908/UBND-KSTT); names and compositions the published\nones "
            + "(Sources/ThiduaDemo/SOURCES.md); reported values, appraisals and violations are "
            + "illustrative.\nKeys are demo keys derived from fixed labels: never use them for a real log.":
            "Năm 2025 của Điện Biên như đã diễn ra: tổng kết ngày 30/06/2025, cấp huyện kết thúc và các phường, "
            + "xã\nsáp nhập ngày 01/07/2025, cụm mới đến 31/12/2025. Chỉ tiêu theo văn bản gốc (Chỉ thị 2025 của "
            + "thành phố;\nCông văn 1908/UBND-KSTT của tỉnh); tên và thành phần đơn vị theo văn bản đã công "
            + "bố\n(Sources/ThiduaDemo/SOURCES.md); số liệu thực hiện, thẩm định và vi phạm là minh "
            + "họa.\nKhóa là khóa minh họa suy ra từ nhãn cố định: không bao giờ dùng cho sổ thật.",
        "where to write the demo log (a new file; default: a new temporary folder)":
            "nơi ghi sổ minh họa (tệp mới; mặc định: một thư mục tạm mới)",
        "also write the demo's signing keys there (DIR/<label>.pem), to try `thidua submit`":
            "ghi cả các khóa ký minh họa vào đó (THƯ-MỤC/<nhãn>.pem), để thử `thidua submit`",
        "Sign and append the council's RankingPublished for the current ranking.":
            "Ký và ghi RankingPublished của Hội đồng cho bảng xếp hạng hiện tại.",
        "a council key (role root or council)":
            "khóa của Hội đồng (vai trò root hoặc council)",
        "all (default) or one cluster/bloc id":
            "all (mặc định) hoặc mã một cụm, khối",
        "attest the first N entries (default: all)":
            "chứng thực N bản ghi đầu (mặc định: tất cả)",
        "the movement (default: the first launched)":
            "phong trào (mặc định: phong trào phát động đầu tiên)",
        "Replay the prefix each RankingPublished names and check its digest.":
            "Tính lại phần đầu sổ mà mỗi RankingPublished nêu và kiểm tra mã băm.",
        "Exit 0 if every attestation matches, 1 if one does not (it is named), 66 if the log has none.":
            "Mã thoát 0 nếu mọi chứng thực khớp, 1 nếu có chứng thực không khớp (có nêu tên), 66 nếu sổ không có "
            + "chứng thực nào.",
        "one JSON object per attestation":
            "mỗi chứng thực một đối tượng JSON",
        "What a counterfactual replay changes: for whom, by how much, and which entries.":
            "Một giả định tính lại thay đổi gì: với ai, bao nhiêu, bởi những bản ghi nào.",
        "Compares the replay of the log as it is with the same replay without the excluded entries and/or with "
            + "another rubric.":
            "So sánh kết quả tính lại sổ như hiện có với kết quả khi bỏ các bản ghi đã nêu và/hoặc dùng bảng điểm "
            + "khác.",
        "Print a witness's cosigner key (C2SP vkey, cosignature/v1).":
            "In khóa đồng ký của nhân chứng (C2SP vkey, cosignature/v1).",
        "the witness's private key":
            "khóa riêng của nhân chứng",
        "the witness's name, e.g. witness.so-tu-phap.dienbien.gov.vn (default: witness.thidua/<keyid>)":
            "tên của nhân chứng, ví dụ witness.so-tu-phap.dienbien.gov.vn (mặc định: witness.thidua/<keyid>)",
        "Check a checkpoint's consistency with the last one this witness cosigned, then cosign it.":
            "Kiểm tra checkpoint nhất quán với checkpoint cuối mà nhân chứng này đã đồng ký, rồi đồng ký.",
        "Prints the checkpoint with the cosignature line added (C2SP tlog-cosignature v1: time and Ed25519 signature).":
            "In checkpoint kèm dòng đồng ký (C2SP tlog-cosignature v1: thời điểm và chữ ký Ed25519).",
        "the new checkpoint":
            "checkpoint mới",
        "a verifier key of the log (`thidua log-key --all`); give each key it has had":
            "một khóa kiểm chứng của sổ (`thidua log-key --all`); đưa mọi khóa sổ đã có",
        "the last checkpoint this witness cosigned (omit only for the first)":
            "checkpoint cuối mà nhân chứng này đã đồng ký (chỉ bỏ qua ở lần đầu)",
        "consistency proof from OLD's size to CP's (`thidua prove consistency`)":
            "chứng minh nhất quán từ kích thước của OLD đến của CP (`thidua prove consistency`)",
        "the witness's name (default: witness.thidua/<keyid>)":
            "tên của nhân chứng (mặc định: witness.thidua/<keyid>)",
        "Keep a checkpoint's witness cosignatures in the log database.":
            "Lưu chữ ký đồng ký của nhân chứng cho một checkpoint vào cơ sở dữ liệu của sổ.",
        "Only cosignatures that verify, on a checkpoint the log signed, are kept; `thidua checkpoint` and `thidua "
            + "bundle` then carry them.":
            "Chỉ giữ chữ ký đồng ký hợp lệ, trên checkpoint do sổ ký; sau đó `thidua checkpoint` và `thidua bundle` "
            + "mang theo chúng.",
        "the checkpoint with cosignature lines (`thidua witness cosign`)":
            "checkpoint có các dòng đồng ký (`thidua witness cosign`)",
        "a witness key whose cosignature to keep (others are ignored)":
            "khóa nhân chứng có chữ ký đồng ký cần giữ (các chữ ký khác bị bỏ qua)",
        "Check two checkpoints of one log against each other; a fork is reported with both as evidence.":
            "Đối chiếu hai checkpoint của một sổ; nếu sổ bị rẽ nhánh, in cả hai làm bằng chứng.",
        "Exit 0: consistent. Exit 1: a fork (both checkpoints printed as evidence). Exit 2: cannot tell (sizes "
            + "differ and no proof).":
            "Mã thoát 0: nhất quán. 1: rẽ nhánh (in cả hai checkpoint làm bằng chứng). 2: không kết luận được (kích "
            + "thước khác nhau và không có chứng minh).",
        "a checkpoint (give two)":
            "một checkpoint (đưa hai)",
        "a verifier key of the log (give each key it has had)":
            "một khóa kiểm chứng của sổ (đưa mọi khóa sổ đã có)",
        "a consistency proof between their sizes":
            "chứng minh nhất quán giữa hai kích thước",
        "a copy of the log to compute the consistency proof from":
            "bản sao của sổ để tính chứng minh nhất quán",
        "Write an offline proof bundle for one entry (line, inclusion proof, checkpoint, keys).":
            "Ghi gói chứng minh ngoại tuyến cho một bản ghi (dòng, chứng minh bao hàm, checkpoint, khóa).",
        "Events/README.md shows how to check a bundle with standard tools.":
            "Events/README.md chỉ cách kiểm tra gói bằng công cụ chuẩn.",
        "Check an entry bundle, or the score proofs of `explain --proofs`, offline.":
            "Kiểm tra ngoại tuyến một gói bản ghi, hoặc các chứng minh điểm của `explain --proofs`.",
        "the log key you trust (without it, the bundle's own key is used)":
            "khóa của sổ mà bạn tin (nếu không có, dùng khóa trong gói)",
        "a witness cosigner key":
            "khóa đồng ký của nhân chứng",
        "Serve the log over HTTP: the API (README, \"HTTP API\") and the dashboard at /.":
            "Phục vụ sổ qua HTTP: API (README, \"HTTP API\") và bảng điều khiển tại /.",
        "SIGTERM or SIGINT stops accepting, finishes the requests in flight (an append that started is durable), "
            + "then exits 0.":
            "SIGTERM hoặc SIGINT: ngừng nhận, làm xong các yêu cầu đang chạy (việc ghi đã bắt đầu là bền vững), rồi "
            + "thoát 0.",
        "address to listen on (default 127.0.0.1:8080; port 0 picks a free one)":
            "địa chỉ lắng nghe (mặc định 127.0.0.1:8080; cổng 0 chọn cổng trống)",
        "concurrent connections before 503 (default 64)":
            "số kết nối đồng thời trước khi trả 503 (mặc định 64)",
        "concurrent connections from one client address (default 8)":
            "số kết nối đồng thời từ một địa chỉ máy khách (mặc định 8)",
        "the reverse proxy's address; its X-Forwarded-For names the client":
            "địa chỉ của reverse proxy; X-Forwarded-For của nó nêu máy khách",
        "Append to a log server: a payload signed here, or an envelope already signed; checks the proof.":
            "Ghi vào máy chủ sổ: nội dung ký tại đây, hoặc phong bì đã ký sẵn; kiểm tra chứng minh trả về.",
        "Prints the entry's index. Exit 0 when appended (or already there), 65 when the server refused it (its "
            + "reason is printed). An envelope signed elsewhere (e.g. by the unit, then countersigned with\n`thidua "
            + "sign --add`) is sent as it is.":
            "In số thứ tự bản ghi. Mã thoát 0 khi đã ghi (hoặc đã có), 65 khi máy chủ từ chối (có in lý do). "
            + "Phong\nbì ký ở nơi khác (ví dụ đơn vị ký, rồi trưởng cụm ký thêm bằng `thidua sign --add`) được gửi "
            + "nguyên vẹn.",
        "the log server, e.g. http://127.0.0.1:8080":
            "máy chủ sổ, ví dụ http://127.0.0.1:8080",
        "a signing key for a payload (never sent)":
            "khóa ký cho nội dung (không bao giờ gửi đi)",
        "the log's verifier key to check the returned checkpoint against":
            "khóa kiểm chứng của sổ để kiểm tra checkpoint trả về",
        "Copy a log to another store (SQLite ⇄ PostgreSQL) and prove the roots equal.":
            "Sao chép sổ sang kho khác (SQLite ⇄ PostgreSQL) và chứng minh hai gốc bằng nhau.",
        "The destination's tree is rebuilt from the copied lines; its root must equal the source's, and the copy is "
            + "verified before this says OK.":
            "Cây của nơi nhận được dựng lại từ các dòng đã chép; gốc phải bằng gốc nguồn, và bản sao được kiểm chứng "
            + "trước khi báo ĐẠT.",
        "the source: a SQLite file or postgres://… URL":
            "nguồn: tệp SQLite hoặc URL postgres://…",
        "the destination: a new SQLite file or an empty PostgreSQL schema":
            "nơi nhận: tệp SQLite mới hoặc lược đồ PostgreSQL trống",
        "Copy a SQLite log to a new file with SQLite's online backup, while writers go on.":
            "Sao chép sổ SQLite sang tệp mới bằng sao lưu trực tuyến của SQLite, trong khi vẫn ghi được.",
        "For PostgreSQL use pg_dump (README, \"Backup and restore\"). Restore = use the copy as --db; verify it first.":
            "Với PostgreSQL dùng pg_dump (README, \"Backup and restore\"). Khôi phục = dùng bản sao làm --db; kiểm "
            + "chứng trước.",
        "the SQLite log (default: thidua.db)":
            "sổ SQLite (mặc định: thidua.db)",
        "a new file for the copy":
            "một tệp mới cho bản sao",
        "a council key":
            "một khóa của Hội đồng",
        "the log server":
            "máy chủ sổ",
        "with --db: append it":
            "với --db: ghi vào sổ",
    ]
}
