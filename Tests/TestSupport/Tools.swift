import Foundation

/// The tools some tests need beyond Swift: a PostgreSQL server, a Python with the test
/// packages (`Tests/requirements.txt`), headless Chromium and its WebDriver.
///
/// On a user's machine a test whose tool is missing prints one line, `skipped: … (install
/// …)`, and passes without checking what it would have checked. `.ci/run` sets
/// `THIDUA_REQUIRE_ALL=1`: there a missing tool fails the test instead, so CI never passes
/// by skipping.
public enum Tools {
    /// A tool is missing and `THIDUA_REQUIRE_ALL=1` says every tool must be there.
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    static let env = ProcessInfo.processInfo.environment

    /// `THIDUA_REQUIRE_ALL=1`: a missing tool is a failure.
    public static let strict = env["THIDUA_REQUIRE_ALL"] == "1"

    /// Says that `what` is skipped for want of `tool`, or throws in strict mode.
    public static func skip(_ what: String, needs tool: String, install: String) throws {
        let line = "skipped: \(what): needs \(tool) (install: \(install))"
        if strict { throw Missing(description: String(line.dropFirst(9)) + " — THIDUA_REQUIRE_ALL=1 requires it") }
        print(line)
    }

    /// The PostgreSQL server the store tests use (`THIDUA_TEST_POSTGRES=postgres://…`).
    public static func postgres(for what: String) throws -> String? {
        if let url = env["THIDUA_TEST_POSTGRES"] { return url }
        try skip(
            what, needs: "a PostgreSQL server",
            install: "apt-get install postgresql, create a database and set "
                + "THIDUA_TEST_POSTGRES=postgres://USER:PASSWORD@127.0.0.1:5432/DB; .ci/run does this")
        return nil
    }

    /// Whether the PostgreSQL cases of a parametrised test run: yes when a server is named
    /// or in strict mode (where they fail for want of it); otherwise one skip line.
    public static let postgresCases: Bool = {
        if env["THIDUA_TEST_POSTGRES"] != nil || strict { return true }
        print(
            "skipped: the PostgreSQL cases of the store suites: needs a PostgreSQL server (install: apt-get install "
                + "postgresql and set THIDUA_TEST_POSTGRES=postgres://USER:PASSWORD@127.0.0.1:5432/DB)")
        return false
    }()

    /// `THIDUA_TEST_POSTGRES`, or a `Missing` error (a PostgreSQL case in strict mode).
    public static func requiredPostgres() throws -> String {
        guard let url = env["THIDUA_TEST_POSTGRES"] else {
            throw Missing(description: "THIDUA_TEST_POSTGRES is not set and THIDUA_REQUIRE_ALL=1 requires PostgreSQL")
        }
        return url
    }

    /// A Python with `Tests/requirements.txt` installed: `THIDUA_TEST_PYTHON`, or the
    /// virtual environment `.ci/run` makes in the checkout (`.build-ci-venv`).
    public static func python(for what: String) throws -> String? {
        if let p = env["THIDUA_TEST_PYTHON"] { return p }
        let venv = Package.root.path + "/.build-ci-venv/bin/python"
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        try skip(
            what, needs: "Python with the test packages",
            install: "apt-get install python3-venv; python3 -m venv .build-ci-venv; .build-ci-venv/bin/pip install -r "
                + "Tests/requirements.txt")
        return nil
    }

    /// Headless Chromium (`chromium`, `chromium-browser` or `google-chrome` on the path).
    public static func chromium(for what: String) throws -> String? {
        if let c = chromiumPath { return c }
        try skip(what, needs: "Chromium", install: "apt-get install chromium")
        return nil
    }

    /// Chromium and its WebDriver, for the tests that drive a page through Selenium.
    public static func browser(for what: String) throws -> (python: String, chromium: String)? {
        guard let python = try python(for: what) else { return nil }
        guard let chromium = try chromium(for: what) else { return nil }
        guard find("chromedriver") != nil else {
            try skip(what, needs: "ChromeDriver", install: "apt-get install chromium-driver")
            return nil
        }
        return (python, chromium)
    }

    public static let chromiumPath: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(find)
        .first

    /// The first executable called `name` on the path.
    public static func find(_ name: String) -> String? {
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Where the screenshots tests take go: `THIDUA_SCREENSHOTS`, or `.build/screenshots`.
    public static var screenshots: String {
        let dir = env["THIDUA_SCREENSHOTS"] ?? Package.root.path + "/.build/screenshots"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
