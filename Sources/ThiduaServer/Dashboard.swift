/// The dashboard: one page of plain HTML, CSS and JavaScript (`Resources/dashboard.html`,
/// embedded in the binary at build time; no CDN). It reads the same API as everyone else.
enum Dashboard {
    static let html: [UInt8] = PackageResources.dashboard_html
}
