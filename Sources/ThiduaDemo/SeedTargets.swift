import ThiduaDomain
import ThiduaLog

/// The targets of the two seed documents, transcribed as movement targets.
///
/// - City: Chỉ thị phát động phong trào thi đua trên địa bàn thành phố Điện Biên Phủ năm
///   2025 (UBND thành phố Điện Biên Phủ, 02/2025), targets (1)–(15).
/// - Province: Công văn 1908/UBND-KSTT ngày 24/4/2024 của UBND tỉnh Điện Biên.
///
/// Values are written exactly as the documents give them (23.270,32 → 23270.32). The
/// seed writes the population growth of target (9) as "8,81%/năm"; domain.md reads it as
/// ‰; we keep the document's number and say "‰" as domain.md does.
enum SeedTargets {
    struct Ind {
        let code: String, name: String, unit: String, value: String
        var direction = "higher"
        var parts: [String] = []
    }

    static let city: [(Int, String, [Ind])] = [
        (
            1, "Tổng giá trị sản phẩm trên địa bàn đạt 23.270,32 tỷ đồng",
            [
                Ind(code: "CT01", name: "Tổng giá trị sản phẩm trên địa bàn", unit: "tỷ đồng", value: "23270.32")
            ]
        ),
        (
            2, "Thu nhập bình quân đầu người 70 triệu đồng/người/năm",
            [
                Ind(code: "CT02", name: "Thu nhập bình quân đầu người", unit: "triệu đồng/người/năm", value: "70")
            ]
        ),
        (
            3,
            "Tỷ trọng trong cơ cấu kinh tế: Thương mại - Dịch vụ - Du lịch 63,17%; Công nghiệp - Xây dựng 34,63%; "
                + "Nông - Lâm nghiệp - Thủy sản 2,2%",
            [
                Ind(code: "CT03a", name: "Tỷ trọng Thương mại - Dịch vụ - Du lịch", unit: "%", value: "63.17"),
                Ind(code: "CT03b", name: "Tỷ trọng Công nghiệp - Xây dựng", unit: "%", value: "34.63"),
                Ind(code: "CT03c", name: "Tỷ trọng Nông - Lâm nghiệp - Thủy sản", unit: "%", value: "2.2"),
            ]
        ),
        (
            4, "Tổng giá trị nông, lâm nghiệp, thủy sản đạt 511 tỷ đồng",
            [
                Ind(code: "CT04", name: "Tổng giá trị nông, lâm nghiệp, thủy sản", unit: "tỷ đồng", value: "511")
            ]
        ),
        (
            5, "Giá trị sản xuất Công nghiệp - Tiểu thủ công nghiệp đạt 1788,32 tỷ đồng",
            [
                Ind(
                    code: "CT05", name: "Giá trị sản xuất Công nghiệp - Tiểu thủ công nghiệp", unit: "tỷ đồng",
                    value: "1788.32")
            ]
        ),
        (
            6, "Tổng giá trị thương mại dịch vụ đạt 14.700 tỷ đồng",
            [
                Ind(code: "CT06", name: "Tổng giá trị thương mại dịch vụ", unit: "tỷ đồng", value: "14700")
            ]
        ),
        (
            7, "Thu ngân sách Nhà nước trên địa bàn 471 tỷ đồng. Tổng giá trị xây dựng trên địa bàn đạt 6.271 tỷ đồng",
            [
                Ind(code: "CT07a", name: "Thu ngân sách Nhà nước trên địa bàn", unit: "tỷ đồng", value: "471"),
                Ind(code: "CT07b", name: "Tổng giá trị xây dựng trên địa bàn", unit: "tỷ đồng", value: "6271"),
            ]
        ),
        (
            8,
            "Đón trên 700 nghìn lượt khách du lịch đến thành phố, thu nhập xã hội từ hoạt động du lịch đạt trên "
                + "1.200 tỷ đồng",
            [
                Ind(code: "CT08a", name: "Lượt khách du lịch", unit: "lượt", value: "700000"),
                Ind(code: "CT08b", name: "Thu nhập xã hội từ hoạt động du lịch", unit: "tỷ đồng", value: "1200"),
            ]
        ),
        (
            9, "Quy mô dân số trung bình 88.678 người; Tỷ lệ tăng dân số tự nhiên ở mức 8,81%/năm",
            [
                Ind(code: "CT09a", name: "Quy mô dân số trung bình", unit: "người", value: "88678"),
                Ind(code: "CT09b", name: "Tỷ lệ tăng dân số tự nhiên", unit: "‰", value: "8.81", direction: "lower"),
            ]
        ),
        (
            10, "Duy trì và nâng cao các tiêu chí của 96% trường đã đạt chuẩn quốc gia",
            [
                Ind(code: "CT10", name: "Tỷ lệ trường đạt chuẩn quốc gia", unit: "%", value: "96")
            ]
        ),
        (
            11, "Tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt ≥ 97%",
            [
                Ind(code: "CT11", name: "Tỷ lệ trẻ dưới 1 tuổi tiêm chủng đầy đủ", unit: "%", value: "97")
            ]
        ),
        (
            12,
            "90% tổ dân phố, bản; 95% gia đình và 98% cơ quan đạt danh hiệu văn hóa; 76,3% tổ dân phố, bản có nhà "
                + "sinh hoạt văn hóa cộng đồng",
            [
                Ind(code: "CT12a", name: "Tổ dân phố, bản đạt danh hiệu văn hóa", unit: "%", value: "90"),
                Ind(code: "CT12b", name: "Gia đình đạt danh hiệu văn hóa", unit: "%", value: "95"),
                Ind(code: "CT12c", name: "Cơ quan đạt danh hiệu văn hóa", unit: "%", value: "98"),
                Ind(
                    code: "CT12d", name: "Tổ dân phố, bản có nhà sinh hoạt văn hóa cộng " + "đồng", unit: "%",
                    value: "76.3"),
            ]
        ),
        (
            13, "Hỗ trợ giải quyết việc làm mới cho 2.630 lao động",
            [
                Ind(code: "CT13", name: "Giải quyết việc làm mới", unit: "lao động", value: "2630")
            ]
        ),
        (
            14, "Duy trì trên địa bàn thành phố không còn hộ nghèo (theo chuẩn nghèo đa chiều mới)",
            [
                Ind(code: "CT14", name: "Số hộ nghèo", unit: "hộ", value: "0", direction: "lower")
            ]
        ),
        (
            15,
            "Tỷ lệ che phủ rừng đạt 44,75%; 100% dân cư thành thị được sử dụng nước sạch; 100% người dân nông thôn "
                + "được sử dụng nước sinh hoạt hợp vệ sinh; 95% chất thải rắn ở đô thị được thu gom, xử lý",
            [
                Ind(code: "CT15a", name: "Tỷ lệ che phủ rừng", unit: "%", value: "44.75"),
                Ind(code: "CT15b", name: "Dân cư thành thị sử dụng nước sạch", unit: "%", value: "100"),
                Ind(
                    code: "CT15c", name: "Người dân nông thôn sử dụng nước sinh hoạt hợp vệ sinh", unit: "%",
                    value: "100"),
                Ind(code: "CT15d", name: "Chất thải rắn đô thị được thu gom, xử lý", unit: "%", value: "95"),
            ]
        ),
    ]

    static let province: [(Int, String, [Ind])] = [
        (
            1,
            "Giảm tỷ lệ hộ nghèo theo chuẩn đa chiều toàn tỉnh bình quân hàng năm từ 4% trở lên; các huyện nghèo "
                + "5,5%; đồng bào dân tộc thiểu số 5%/năm",
            [
                Ind(code: "P01a", name: "Giảm tỷ lệ hộ nghèo toàn tỉnh", unit: "điểm %/năm", value: "4"),
                Ind(code: "P01b", name: "Giảm tỷ lệ hộ nghèo ở các huyện nghèo", unit: "điểm %/năm", value: "5.5"),
                Ind(
                    code: "P01c", name: "Giảm tỷ lệ hộ nghèo trong đồng bào dân tộc thiểu số", unit: "điểm %/năm",
                    value: "5"),
            ]
        ),
        (
            2, "Ít nhất 90% hồ sơ công việc cấp tỉnh, 80% cấp huyện, 60% cấp xã được xử lý trên môi trường mạng",
            [
                Ind(code: "P02a", name: "Hồ sơ công việc cấp tỉnh xử lý trên môi trường mạng", unit: "%", value: "90"),
                Ind(code: "P02b", name: "Hồ sơ công việc cấp huyện xử lý trên môi trường mạng", unit: "%", value: "80"),
                Ind(code: "P02c", name: "Hồ sơ công việc cấp xã xử lý trên môi trường mạng", unit: "%", value: "60"),
            ]
        ),
        (
            3,
            "Đến hết năm 2025 toàn tỉnh trồng được 3.868.370 cây xanh (trong đó phân tán 170.690 cây, tập trung "
                + "3.697.370 cây)",
            [
                Ind(
                    code: "P03", name: "Cây xanh trồng được đến hết năm 2025", unit: "cây", value: "3868370",
                    parts: ["P03a", "P03b"]),
                Ind(code: "P03a", name: "Cây xanh trồng phân tán", unit: "cây", value: "170690"),
                Ind(code: "P03b", name: "Cây xanh trồng tập trung", unit: "cây", value: "3697370"),
            ]
        ),
    ]

    /// The targets as the catalogue's values.
    static func targets(_ ts: [(Int, String, [Ind])]) -> [Target] {
        ts.map { n, text, inds in
            Target(
                number: n, text: text,
                indicators: inds.map { i in
                    Indicator(
                        code: i.code, name: i.name, unit: i.unit, value: Fraction(decimal: i.value)!,
                        direction: i.direction == "lower" ? .lower : .higher, parts: i.parts)
                })
        }
    }
}
