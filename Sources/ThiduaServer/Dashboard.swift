/// The dashboard: one page of plain HTML, CSS and JavaScript (`Resources/dashboard.html`,
/// embedded in the binary at build time; no CDN). It reads the same API as everyone else.
enum Dashboard {
    static let html: [UInt8] = PackageResources.dashboard_html
    /// "Nộp báo cáo": the form a leader signs with in the browser (`Resources/submit.html`).
    static let submitPage: [UInt8] = PackageResources.submit_html
}
