use unicode_normalization::UnicodeNormalization;

use super::lexicon::{fold, name_key, parse_entries, Kind};
use super::{extract, title_head};
use crate::serialize::Official;

/// A title as the pipeline writes it: abbreviations spelt out by the expander.
fn expanded(title: &str) -> Option<String> {
    Some(crate::expand::expand_str(title))
}

fn officials(text: &str) -> Vec<Official> {
    crate::extract::run_on(text, None, extract)
}

/// (sentence, expected (name, title head) pairs in order of first mention).
pub(super) const CASES: &[(&str, &[(&str, &str)])] = &[
    (
        "Ông Trần Văn Nam, Phó Giám đốc Sở Nội vụ tỉnh Quảng Nam, cho biết kết quả cải cách hành chính năm nay tăng mạnh.",
        &[("Trần Văn Nam", "Phó Giám đốc")],
    ),
    ("Chủ tịch UBND huyện Nguyễn Văn Bình phát biểu chỉ đạo tại hội nghị.", &[("Nguyễn Văn Bình", "Chủ tịch")]),
    ("Bí thư Tỉnh ủy Lê Thị Hoa chủ trì buổi làm việc với Sở Tài chính.", &[("Lê Thị Hoa", "Bí thư")]),
    (
        "Ông Phan Đức Minh - Trưởng phòng Nội vụ thị xã Kỳ Anh cho biết đơn vị đã hoàn thành kế hoạch.",
        &[("Phan Đức Minh", "Trưởng phòng")],
    ),
    (
        "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch Thường trực UBND tỉnh Võ Văn Hưng dự và phát biểu.",
        &[("Võ Văn Hưng", "Phó Chủ tịch")],
    ),
    (
        "Dự hội nghị có các đồng chí: Đặng Văn Tâm, Phó Chủ tịch UBND tỉnh; Hồ Thị Lan, Giám đốc Sở Y tế.",
        &[("Đặng Văn Tâm", "Phó Chủ tịch"), ("Hồ Thị Lan", "Giám đốc")],
    ),
    ("Bà Trịnh Thị Hồng Nhung được bầu giữ chức Chủ tịch HĐND tỉnh Ninh Bình.", &[("Trịnh Thị Hồng Nhung", "Chủ tịch")]),
    (
        "Đồng chí Lê Quang Huy, Tỉnh ủy viên, Giám đốc Sở Xây dựng được điều động, bổ nhiệm giữ chức Chánh Văn phòng Tỉnh ủy.",
        &[("Lê Quang Huy", "Chánh Văn phòng")],
    ),
    ("Quyền Chủ tịch UBND tỉnh Hà Văn Sơn kiểm tra tiến độ dự án đường ven biển.", &[("Hà Văn Sơn", "Quyền Chủ tịch")]),
    (
        "Chủ tịch UBND xã Tân Phú Đông Huỳnh Văn Lợi cho biết xã đã hoàn thành các chỉ tiêu.",
        &[("Huỳnh Văn Lợi", "Chủ tịch")],
    ),
    ("Phó Thủ tướng Trần Hồng Hà làm việc với lãnh đạo tỉnh Lâm Đồng.", &[("Trần Hồng Hà", "Phó Thủ tướng")]),
    (
        "Thiếu tướng Đinh Văn Nơi, Giám đốc Công an tỉnh, trao quyết định cho cán bộ.",
        &[("Đinh Văn Nơi", "Giám đốc")],
    ),
    ("TS Mai Xuân Thu, Phó Giám đốc Sở KH&CN, cho rằng cần đầu tư hạ tầng số.", &[("Mai Xuân Thu", "Phó Giám đốc")]),
    (
        "Ông Đoàn Văn Kiên-Giám đốc Công ty Điện lực Gia Lai-cho biết sản lượng năm nay tăng.",
        &[("Đoàn Văn Kiên", "Giám đốc")],
    ),
    (
        "Bí thư Tỉnh ủy Quảng Ngãi, bà Lương Thị Mai phát biểu tại buổi làm việc.",
        &[("Lương Thị Mai", "Bí thư")],
    ),
    (
        "Bí thư Quận ủy Hoàn Kiếm Tạ Minh Khôi cho biết quận đã thu ngân sách vượt kế hoạch.",
        &[("Tạ Minh Khôi", "Bí thư")],
    ),
    (
        "Phó Bí thư Thường trực Quận ủy, Chủ tịch HĐND quận Ba Đình Ngô Thị Thu phát biểu khai mạc kỳ họp.",
        &[("Ngô Thị Thu", "Chủ tịch")],
    ),
    (
        "Ông Bùi Văn Tài, Phó Bí thư Tỉnh ủy, đã trúng cử chức vụ Chủ tịch UBND tỉnh với 100% phiếu tán thành.",
        &[("Bùi Văn Tài", "Chủ tịch")],
    ),
    (
        "Giám đốc Sở Tài chính Trần Vũ Thanh Long cho biết vốn đầu tư công đã giải ngân 21%.",
        &[("Trần Vũ Thanh Long", "Giám đốc")],
    ),
    (
        "Thiếu tướng Lê Văn Tuấn, Tư lệnh Bộ Tư lệnh Cảnh sát cơ động, thôi giữ chức Ủy viên Đảng ủy Công an Trung ương.",
        &[("Lê Văn Tuấn", "Tư lệnh")],
    ),
    (
        "Chủ tịch UBND tỉnh đã trao quyết định bổ nhiệm Phó Giám đốc Sở Y tế cho bà Lò Thị Xuân.",
        &[("Lò Thị Xuân", "Phó Giám đốc")],
    ),
    (
        "Ông Khuất Văn Thành hiện là Chánh Thanh tra tỉnh, phụ trách công tác tiếp công dân.",
        &[("Khuất Văn Thành", "Chánh Thanh tra")],
    ),
    (
        "Đại biểu Nguyễn Thị Lệ (Đoàn ĐBQH tỉnh Bình Thuận) đề nghị sửa đổi quy định về đất đai.",
        &[("Nguyễn Thị Lệ", "Đại biểu")],
    ),
    (
        "Cùng dự có các đồng chí Phó Chủ tịch UBND tỉnh: Nguyễn Tự Công Hoàng, Lâm Hải Giang và Trần Thị Lệ.",
        &[("Nguyễn Tự Công Hoàng", "Phó Chủ tịch"), ("Lâm Hải Giang", "Phó Chủ tịch"), ("Trần Thị Lệ", "Phó Chủ tịch")],
    ),
    (
        "Giám đốc Sở Lao động - Thương binh và Xã hội Phan Thị Hồng Nhung trao quà cho các gia đình chính sách.",
        &[("Phan Thị Hồng Nhung", "Giám đốc")],
    ),
    (
        "Chủ tịch UBND huyện Quế Sơn Nguyễn Văn Ích và Chủ tịch UBND huyện Phù Cát Trần Kim Lý cùng dự lễ ra quân.",
        &[("Nguyễn Văn Ích", "Chủ tịch"), ("Trần Kim Lý", "Chủ tịch")],
    ),
    (
        "HĐND tỉnh đã bầu ông Lục Trọng Nghĩa, Ủy viên BTV Tỉnh ủy, Bí thư Thành ủy Cẩm Sầm, giữ chức Phó Chủ tịch UBND tỉnh.",
        &[("Lục Trọng Nghĩa", "Phó Chủ tịch")],
    ),
    (
        "Ông Ngô Đình Tuấn và bà Lê Thị Kim Phượng đã trúng tuyển chức danh Phó Giám đốc Sở Kế hoạch và Đầu tư.",
        &[("Ngô Đình Tuấn", "Phó Giám đốc"), ("Lê Thị Kim Phượng", "Phó Giám đốc")],
    ),
    (
        "Cùng tham gia thi tuyển có ông Trần Văn Mẫn (31 tuổi, Trưởng phòng Đấu thầu, Thẩm định và giám sát đầu tư).",
        &[("Trần Văn Mẫn", "Trưởng phòng")],
    ),
    (
        "Đồng chí Thái Văn Hằng, Phó Chủ tịch UBND tỉnh, đồng chí Lương Quang Kình, Trưởng ban Dân tộc tỉnh, Thiếu tướng Nguyễn Xuân Lâm, Giám đốc Công an tỉnh đến dự.",
        &[("Thái Văn Hằng", "Phó Chủ tịch"), ("Lương Quang Kình", "Trưởng ban"), ("Nguyễn Xuân Lâm", "Giám đốc")],
    ),
    (
        "Cùng dự có các đồng chí: Nguyễn Duy Hưng, Phó Chủ tịch UBND tỉnh; Bùi Mai Hoa, TVTU, Trưởng Ban Tuyên giáo Tỉnh ủy.",
        &[("Nguyễn Duy Hưng", "Phó Chủ tịch"), ("Bùi Mai Hoa", "Trưởng ban")],
    ),
    (
        "Dự buổi làm việc có các Phó Chủ tịch UBND tỉnh Lâm Hải Giang, Nguyễn Tuấn Thanh và Nguyễn Thị Hoa.",
        &[("Lâm Hải Giang", "Phó Chủ tịch"), ("Nguyễn Tuấn Thanh", "Phó Chủ tịch"), ("Nguyễn Thị Hoa", "Phó Chủ tịch")],
    ),
    (
        "Chủ tịch UBND tỉnh Lê Văn Khánh phát biểu. Ông Lê Văn Khánh, nguyên Giám đốc Sở Tài chính, Phó Giám đốc Kho bạc Nhà nước tỉnh, có nhiều năm công tác.",
        &[("Lê Văn Khánh", "Chủ tịch")],
    ),
    (
        "Hiệu trưởng Trường THPT Trần Cao Vân Nguyễn Thị Mai cho biết nhà trường đã sẵn sàng cho kỳ thi.",
        &[("Nguyễn Thị Mai", "Hiệu trưởng")],
    ),
    (
        "Chủ tịch Tập đoàn Vingroup Phạm Nhật Vượng cam kết tài trợ xây trường học cho tỉnh.",
        &[("Phạm Nhật Vượng", "Chủ tịch")],
    ),
    (
        "Đồng chí Lương Văn Tâm được bầu giữ chức Phó Bí thư Tỉnh ủy, tiếp tục giữ chức Chủ tịch UBND tỉnh.",
        &[("Lương Văn Tâm", "Chủ tịch")],
    ),
    (
        "Bà H'Yim Kđoh, Phó Chủ tịch UBND tỉnh, và Phó Chủ tịch UBND tỉnh Rơ Mah Tuấn cùng dự.",
        &[("H'Yim Kđoh", "Phó Chủ tịch"), ("Rơ Mah Tuấn", "Phó Chủ tịch")],
    ),
    (
        "Đồng chí Võ Văn Hưng, Ủy viên dự khuyết BCH Trung ương Đảng, Bí thư Tỉnh ủy, phát biểu bế mạc.",
        &[("Võ Văn Hưng", "Bí thư")],
    ),
    (
        "Các đồng chí: Trần Thị Hằng, Ủy viên Ban Thường vụ Tỉnh ủy; Phó Chủ tịch Thường trực HĐND tỉnh; Trần Thị Vân, Phó Trưởng Đoàn ĐBQH tỉnh dự.",
        &[("Trần Thị Hằng", "Phó Chủ tịch"), ("Trần Thị Vân", "Phó Trưởng đoàn")],
    ),
    (
        "Hai người được thăng hàm gồm ông Đào Văn Lực (55 tuổi), Cục trưởng Cục Cảnh sát giao thông; ông Tạ Quang Vinh (52 tuổi), Giám đốc Công an tỉnh Hà Nam.",
        &[("Đào Văn Lực", "Cục trưởng"), ("Tạ Quang Vinh", "Giám đốc")],
    ),
    (
        "Dự buổi tiếp có đồng chí Ma Thị Hòa, Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh.",
        &[("Ma Thị Hòa", "Phó Chủ tịch")],
    ),
    (
        "Đại tá Lê Lợi Thành, Chỉ huy trưởng Bộ CHQS tỉnh, báo cáo kết quả diễn tập.",
        &[("Lê Lợi Thành", "Chỉ huy trưởng")],
    ),
    (
        "Chiều 5/3, đồng chí Hà Văn Khôi - Phó Bí thư Tỉnh ủy - Chủ tịch UBND tỉnh tiếp đoàn doanh nghiệp Nhật Bản.",
        &[("Hà Văn Khôi", "Chủ tịch")],
    ),
    (
        "Cùng dự có đồng chí Lý Văn Tú - Thường vụ Tỉnh ủy - Phó Chủ tịch UBND tỉnh.",
        &[("Lý Văn Tú", "Phó Chủ tịch")],
    ),
    (
        "Bộ trưởng giao Đại tá Cao Văn Kỳ - Phó Giám đốc Công an tỉnh phụ trách đơn vị cho đến khi kiện toàn chức vụ Giám đốc Công an tỉnh.",
        &[("Cao Văn Kỳ", "Phó Giám đốc")],
    ),
    (
        "Thiếu tướng Vũ Đình Lâm, Phó Tư lệnh, Tham mưu trưởng Quân khu 3, phát biểu chỉ đạo.",
        &[("Vũ Đình Lâm", "Tham mưu trưởng")],
    ),
    ("Thầy trò HLV Đặng Văn Tiến sẽ tập trung vào đầu tháng 5 để chuẩn bị cho giải đấu.", &[("Đặng Văn Tiến", "Huấn luyện viên")]),
    (
        "Đồng chí Hồ Văn Lịch, Bí thư Ban cán sự đảng, Viện trưởng VKSND tỉnh chủ trì hội nghị giao ban.",
        &[("Hồ Văn Lịch", "Viện trưởng")],
    ),
    (
        "Đoàn do Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Lò Thị Xuân làm Trưởng đoàn đã đến thăm các gia đình chính sách.",
        &[("Lò Thị Xuân", "Phó Chủ tịch")],
    ),
    (
        "Chủ tịch UBND tỉnh tiếp Ngài Ha-ruki Tanaka, Đại sứ Nhật Bản tại Việt Nam.",
        &[("Ha-ruki Tanaka", "Đại sứ")],
    ),
    (
        "Ông Trần Văn Nam-Giám đốc Sở Tài chính-cho biết ngân sách đã được phân bổ.",
        &[("Trần Văn Nam", "Giám đốc")],
    ),
    (
        "Cùng dự có các đồng chí Phó Tư lệnh Quân khu: Thiếu tướng Lê Văn Thái - Tham mưu trưởng Quân khu; Thiếu tướng Đặng Hữu Phước; Đại tá Hồ Minh Tân.",
        &[
            ("Lê Văn Thái", "Tham mưu trưởng"),
            ("Đặng Hữu Phước", "Phó Tư lệnh"),
            ("Hồ Minh Tân", "Phó Tư lệnh"),
        ],
    ),
    (
        "Đồng chí Đinh Thị Lan, UVT.Ư Đảng, Bí thư Tỉnh ủy chủ trì hội nghị.",
        &[("Đinh Thị Lan", "Bí thư")],
    ),
    (
        "Dự lễ có các đồng chí: Vy Thị Hồng, Chủ tịch Ủy ban MTTQ tỉnh và Nông Văn Bình, Phó Chủ tịch UBND tỉnh.",
        &[("Vy Thị Hồng", "Chủ tịch"), ("Nông Văn Bình", "Phó Chủ tịch")],
    ),
    (
        "Ông Tẩn Văn Quẩy, Chủ tịch UBND xã, cho biết bà con đã thu hoạch xong lúa.",
        &[("Tẩn Văn Quẩy", "Chủ tịch")],
    ),
    (
        "Thủ tướng Nhật Bản Ishiba Shigeru hội đàm với lãnh đạo Việt Nam tại Hà Nội.",
        &[("Ishiba Shigeru", "Thủ tướng")],
    ),
    (
        "Ông Trịnh Văn Lực, nguyên Phó Chủ tịch UBND huyện, hiện là Chủ tịch Hội Cựu chiến binh huyện, phát biểu.",
        &[("Trịnh Văn Lực", "Chủ tịch")],
    ),
    (
        "Phó Chủ tịch Quốc hội Y Bih Niê Kdăm phát biểu tại buổi làm việc.",
        &[("Y Bih Niê Kdăm", "Phó Chủ tịch")],
    ),
    ("Chủ tịch UBND tỉnh Ksor Hơn chủ trì cuộc họp.", &[("Ksor Hơn", "Chủ tịch")]),
    (
        "HĐND tỉnh miễn nhiệm ông Đàm Văn Thắng thôi giữ chức Phó Chủ tịch UBND tỉnh để nhận nhiệm vụ mới.",
        &[("Đàm Văn Thắng", "Phó Chủ tịch")],
    ),
    (
        "Đoàn đã thăm các đồng chí nguyên Phó Chủ tịch Hội Nông dân tỉnh là Lê Văn Hiệp, Đỗ Thị Mơ.",
        &[("Lê Văn Hiệp", "Phó Chủ tịch"), ("Đỗ Thị Mơ", "Phó Chủ tịch")],
    ),
    (
        "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Hồ Văn Niên, Trưởng Ban Chỉ đạo phòng chống thiên tai tỉnh, chủ trì cuộc họp.",
        &[("Hồ Văn Niên", "Chủ tịch")],
    ),
    (
        "Tổng Lãnh sự Việt Nam tại Hàn Quốc Trịnh Văn Quế tiếp đoàn doanh nghiệp tỉnh.",
        &[("Trịnh Văn Quế", "Tổng Lãnh sự")],
    ),
    (
        "Đoàn do ngài Kim-Sung-Ho, Thị trưởng thành phố Changwon làm Trưởng đoàn đã thăm tỉnh.",
        &[("Kim-Sung-Ho", "Thị trưởng")],
    ),
    (
        "Lãnh đạo tỉnh tiếp NGÀI Park-Jae-Won, Tổng Lãnh sự Hàn Quốc tại Đà Nẵng.",
        &[("Park-Jae-Won", "Tổng Lãnh sự")],
    ),
    (
        "Bài viết của đại biểu Lò Thị Việt Hà, Phó Trưởng Đoàn ĐBQH tỉnh Sơn La được đăng trên cổng thông tin.",
        &[("Lò Thị Việt Hà", "Phó Trưởng đoàn")],
    ),
    (
        "Điều động đồng chí Hà Văn Tuyên, Bí thư Huyện ủy, giữ chức vụ Trưởng Ban Dân vận Tỉnh ủy.",
        &[("Hà Văn Tuyên", "Trưởng ban")],
    ),
    (
        "Chỉ định ông Cao Văn Sỹ, Phó Giám đốc Sở Xây dựng giữ chức Phó Bí thư Huyện ủy, giới thiệu ứng cử để HĐND huyện bầu giữ chức Chủ tịch UBND huyện.",
        &[("Cao Văn Sỹ", "Phó Bí thư")],
    ),
    ("Dự lễ có thường trực Ban Bí thư Trần Cẩm Tú.", &[("Trần Cẩm Tú", "Thường trực Ban Bí thư")]),
    (
        "HĐND tỉnh bầu bổ sung Ủy viên UBND tỉnh đối với ông Lâm Văn Khải, Giám đốc Sở Tài chính. Kết quả ông Lâm Văn Khải trúng cử chức vụ Ủy viên UBND tỉnh.",
        &[("Lâm Văn Khải", "Giám đốc")],
    ),
    (
        "Ông Tôn Thất Hải, Phó Bí thư Tỉnh ủy, tái đắc cử chức Chủ tịch UBND tỉnh. Ông Đặng Văn Hòe tái đắc cử Chủ tịch HĐND huyện.",
        &[("Tôn Thất Hải", "Chủ tịch"), ("Đặng Văn Hòe", "Chủ tịch")],
    ),
    (
        "Miễn nhiệm đối với ông Lý Văn Sang - nguyên ủy viên BTV Tỉnh ủy, nguyên Trưởng Ban Dân vận Tỉnh ủy do nghỉ hưu.",
        &[("Lý Văn Sang", "Trưởng ban")],
    ),
    (
        "Ông Bạch Văn Hưng được bầu làm Chủ tịch UBND tỉnh và 2 Phó Chủ tịch UBND tỉnh là Hà Văn Ba và Lộc Văn Tư.",
        &[("Bạch Văn Hưng", "Chủ tịch"), ("Hà Văn Ba", "Phó Chủ tịch"), ("Lộc Văn Tư", "Phó Chủ tịch")],
    ),
    (
        "Cùng dự có đồng chí Lê Quang Mạnh, Ủy viên T.Ư Đảng, Bộ trưởng Bộ Tài chính.",
        &[("Lê Quang Mạnh", "Bộ trưởng")],
    ),
    (
        "Đoàn có Chủ tịch Tập đoàn Hanwha Kim Dong-kwan và Chủ tịch Tập đoàn CJ Lee Jae-hyun.",
        &[("Kim Dong-kwan", "Chủ tịch"), ("Lee Jae-hyun", "Chủ tịch")],
    ),
    // Traps: places, streets, schools, historical figures, bylines, people without a post.
    ("Công trình trên đường Trần Phú được khởi công vào tháng 3.", &[]),
    ("Học sinh Trường THPT Lê Quý Đôn đạt giải nhất cuộc thi tin học trẻ.", &[]),
    ("Đoàn công tác đã làm việc tại TP Hồ Chí Minh và Hà Nội trong hai ngày.", &[]),
    ("Chủ tịch UBND tỉnh phát biểu tại hội nghị.\n\nẢnh: Nguyễn Dương", &[]),
    ("Thương binh Đinh Thị Kim và hộ ông Nguyễn Văn Hải (hộ nghèo) được hỗ trợ xây nhà mới.", &[]),
    ("Ông Trần Văn Hùng cho biết gia đình đã chuyển đến khu tái định cư.", &[]),
    ("Chủ tịch UBND tỉnh Hà Tĩnh phát biểu chào mừng các đại biểu về dự.", &[]),
    ("Giám đốc Sở Nội vụ tỉnh Lâm Đồng cho biết sở sẽ công bố kết quả vào ngày mai.", &[]),
    ("Chủ tịch UBND phường Lê Lợi trao quà cho các hộ gia đình khó khăn.", &[]),
    ("Chủ tịch UBND quận Hoàng Mai tiếp công dân định kỳ tháng 5.", &[]),
    ("Phó Chủ tịch UBND xã chủ trì buổi đối thoại.\n\nBài, ảnh: Huỳnh Đức", &[]),
    ("Cán bộ, đảng viên tiếp tục học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.", &[]),
    ("Chủ tịch Hồ Chí Minh đã dạy cán bộ phải gần dân, hiểu dân.", &[]),
    ("Chủ tịch UBND huyện Quế Sơn cho biết huyện đã hoàn thành kế hoạch; Chủ tịch UBND huyện Cao Lộc phát biểu.", &[]),
    (
        "Chủ tịch Hội đồng quản trị Tập đoàn Hoàng Anh Gia Lai cho biết công ty sẽ mở rộng vùng trồng.",
        &[],
    ),
    ("Bí thư Huyện ủy Thạch An phát biểu tại lễ khởi công.", &[]),
    ("Bí thư Huyện ủy Cao Lộc phát biểu tại buổi gặp mặt.", &[]),
    ("Hiệu trưởng Trường THPT Trần Cao Vân phát biểu tại lễ khai giảng.", &[]),
    ("Giám đốc Công ty TNHH Lê Gia cho biết doanh nghiệp đã nộp thuế đầy đủ.", &[]),
    ("Các đại biểu đã bầu ông Trần Văn Hải với số phiếu tuyệt đối.", &[]),
    ("Anh Lê Văn Tùng, công nhân Công ty May Hòa Thọ, cho biết thu nhập ổn định.", &[]),
    ("Năm 2024, Hà Nội có 30 quận, huyện, thị xã; Mai Châu thuộc tỉnh Hòa Bình.", &[]),
    ("Bà con huyện Si Ma Cai đón Tết sớm hơn mọi năm.", &[]),
    ("Sản phẩm của Tập đoàn Lotte Dong-a được bày bán tại siêu thị.", &[]),
    ("Đội bóng tái đắc cử ngôi vô địch nhờ công của Chủ tịch câu lạc bộ.", &[]),
    ("Các đơn vị đã hoàn thành nhiệm vụ Trưởng thôn giao trong đợt ra quân.", &[]),
    ("Các đại biểu dự hội nghị đã thảo luận sôi nổi về dự thảo báo cáo chính trị.", &[]),
    ("Ông Kiên-Giám đốc doanh nghiệp cho biết đơn hàng tăng.", &[]),
    ("Giám đốc Sở Công Thương làm việc tại Hàn Quốc Daegu trong ba ngày.", &[]),
    ("Chủ tịch UBND tỉnh là người đứng đầu chịu trách nhiệm về công tác phòng cháy.", &[]),
    ("Ông Đàm Văn Thắng cho biết gia đình đã thôi làm ruộng từ năm ngoái.", &[]),
    ("Giám đốc Sở Y Tế cho biết toàn tỉnh đã tiêm đủ vắc xin.", &[]),
    ("Sinh viên Trường Đại học Y Dược Huế tình nguyện về vùng lũ.", &[]),
    ("Hàng Nhật Bản Toyota Honda được ưa chuộng tại thị trường trong nước.", &[]),
    ("Giám đốc Sở Công Thương cho biết hàng Trung Quốc Made In China chiếm tỷ lệ lớn.", &[]),
    ("Chương trình gồm các phần: Lễ dâng hương; Hội thảo khoa học; Triển lãm ảnh.", &[]),
    ("Đoàn đã dâng hương tưởng niệm cố Chủ tịch Quốc hội Lê Quang Đạo tại quê nhà.", &[]),
    ("Ông Lê Văn Nam-cho biết gia đình đã nhận được tiền bồi thường.", &[]),
    ("Phóng viên đã gặp ÔNG Kim-Sung-Ho, một du khách Hàn Quốc, tại phố cổ Hội An.", &[]),
    ("Ủy ban MTTQ Việt Nam tỉnh Bình Phước phát động ủng hộ đồng bào vùng lũ.", &[]),
    ("Ban cán sự đảng UBND tỉnh đã họp cho ý kiến về đề án.", &[]),
    ("Đoàn viên thanh niên dâng hương tại tượng đài Trần Phú ở Hà Tĩnh.", &[]),
    ("Đại tá Lê Lợi Thành đánh giá cao tinh thần của các chiến sĩ.", &[]),
    ("Ông Đào Văn Lực (55 tuổi), ngụ xã Bình Minh, cho biết vụ lúa năm nay được mùa.", &[]),
    ("Ban Thường vụ Tỉnh ủy - cơ quan thường trực đã họp cho ý kiến về nhân sự.", &[]),
];

#[test]
fn finds_officials_and_skips_traps() {
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let got: Vec<(String, Option<&str>)> = officials(text)
            .iter()
            .map(|o| (o.name.clone(), o.title.as_deref().and_then(title_head)))
            .collect();
        let want: Vec<(String, Option<&str>)> = want
            .iter()
            .map(|(n, h)| (n.to_string(), Some(*h)))
            .collect();
        if got != want {
            failures.push(format!("{text}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let traps = CASES.iter().filter(|(_, want)| want.is_empty()).count();
    assert!(traps * 3 >= CASES.len(), "a third of the cases are traps");
}

#[test]
fn mentions_are_merged_in_text_order() {
    let text = "Chủ tịch UBND tỉnh Phạm Văn Tâm dự hội nghị.\n\nPhát biểu tại hội nghị, ông Phạm Văn Tâm yêu cầu các sở đẩy nhanh tiến độ. Ông Tâm cũng lưu ý công tác cán bộ.";
    let found = officials(text);
    assert_eq!(found.len(), 1);
    let spans: Vec<&str> = found[0].mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(spans, ["Phạm Văn Tâm", "Phạm Văn Tâm", "Tâm"]);
    for m in &found[0].mentions {
        assert_eq!(&text[m.start..m.end], m.text);
    }
    assert!(found[0]
        .mentions
        .windows(2)
        .all(|w| w[0].start < w[1].start));
}

#[test]
fn same_person_in_other_tone_style_is_one_official() {
    let text = "Bí thư Huyện ủy Nguyễn Văn Hòa dự lễ. Sau đó, ông Nguyễn Văn Hoà thăm các hộ dân.";
    let found = officials(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].mentions.len(), 2);
}

#[test]
fn title_keeps_article_place_and_appointment() {
    let text = "Ngày 14.9, UBND huyện Tiên Phước tổ chức hội nghị, đồng chí Lê Văn Dũng- CT UBND huyện chủ trì.\n\nHuyện Tiên Phước đạt kết quả tốt, UBND huyện Tiên Phước khen thưởng 3 tập thể.";
    let found = officials(text);
    assert_eq!(found.len(), 1, "{found:?}");
    let title = found[0].title.as_deref().unwrap_or("");
    assert!(title.starts_with("Chủ tịch "), "{title}");
    assert!(title.ends_with("huyện Tiên Phước"), "{title}");
    assert!(found[0]
        .organization
        .as_deref()
        .is_some_and(|o| o.ends_with("huyện Tiên Phước")));

    let two_communes = officials(
        "Xã Tam Hiệp và xã Tam Anh cùng về đích. Ông Lê Văn Nhân, Chủ tịch UBND xã, cho biết người dân rất phấn khởi.",
    );
    assert_eq!(two_communes[0].title, expanded("Chủ tịch UBND xã"));

    let moved = officials(
        "Đồng chí Lê Quang Huy, Tỉnh ủy viên, Giám đốc Sở Xây dựng được điều động, bổ nhiệm giữ chức Chánh Văn phòng Tỉnh ủy.",
    );
    assert_eq!(
        moved[0].title,
        expanded("Tỉnh ủy viên, Chánh Văn phòng Tỉnh ủy")
    );

    let reelected = officials(
        "Ông Hà Văn Sinh, Bí thư Đảng ủy xã tiếp tục được bầu giữ chức Bí thư Đảng ủy xã khóa mới.",
    );
    assert_eq!(reelected[0].title, expanded("Bí thư Đảng ủy xã"));

    let promoted = officials(
        "Bổ nhiệm ông Trịnh Văn Tú, Trưởng phòng Quản lý Di sản, giữ chức vụ Phó Giám đốc Sở Văn hóa và Thể thao.",
    );
    assert_eq!(
        promoted[0].title,
        expanded("Phó Giám đốc Sở Văn hóa và Thể thao")
    );

    let elected = officials(
        "Bà Vi Thị Hà, Phó Bí thư Tỉnh ủy, đã trúng cử chức vụ Chủ tịch HĐND tỉnh Lạng Sơn.",
    );
    assert_eq!(
        elected[0].title,
        expanded("Phó Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh Lạng Sơn")
    );

    let title_first =
        officials("Phó Bí thư Tỉnh ủy Lê Văn Hòa được bầu giữ chức Chủ tịch UBND tỉnh Bắc Kạn.");
    assert_eq!(
        title_first[0].title,
        expanded("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Bắc Kạn")
    );

    let joined = officials(
        "Ông Nguyễn Văn Sơn, Bí thư kiêm Chủ tịch UBND xã Phước Sơn, cho biết xã đạt chuẩn nông thôn mới.",
    );
    assert_eq!(
        joined[0].title,
        expanded("Bí thư kiêm Chủ tịch UBND xã Phước Sơn")
    );

    let leading = officials(
        "Đoàn công tác do đồng chí Hồ Văn Dũng, Bí thư Tỉnh ủy làm trưởng đoàn đã làm việc với huyện.",
    );
    assert_eq!(leading[0].title, expanded("Bí thư Tỉnh ủy"));

    let standing = officials(
        "Các đồng chí: Hoàng Văn Tứ, UV BTV Tỉnh ủy, Phó Chủ tịch TT HĐND tỉnh chủ trì hội nghị.",
    );
    assert_eq!(
        standing[0].title,
        expanded("UV BTV Tỉnh ủy, Phó Chủ tịch Thường trực HĐND tỉnh")
    );
    assert_eq!(standing[0].organization, expanded("HĐND tỉnh"));

    let lowercase_field =
        officials("Ông Hồ Văn Tâm, Giám đốc Sở kế hoạch và đầu tư tỉnh, cho biết.");
    assert_eq!(
        lowercase_field[0].title,
        expanded("Giám đốc Sở kế hoạch và đầu tư tỉnh")
    );

    let predicate = officials("Ông Hồ Văn Lực, Chủ tịch UBND tỉnh xây dựng kế hoạch cho năm tới.");
    assert_eq!(predicate[0].title, expanded("Chủ tịch UBND tỉnh"));

    let minister =
        officials("Bộ trưởng Nguyễn Văn Thắng và đoàn công tác Bộ Tài chính đã làm việc với tỉnh.");
    assert_eq!(minister[0].title, expanded("Bộ trưởng Bộ Tài chính"));
    assert_eq!(minister[0].organization, expanded("Bộ Tài chính"));
}

#[test]
fn title_head_of_gold_style_titles() {
    let cases: &[(&str, Option<&str>)] = &[
        ("Phó Chủ tịch Thường trực UBND tỉnh", Some("Phó Chủ tịch")),
        ("Ủy viên BTV Tỉnh ủy, Bí thư Huyện ủy", Some("Bí thư")),
        ("Quyền Chủ tịch UBND tỉnh", Some("Quyền Chủ tịch")),
        ("Tỉnh ủy viên", Some("Ủy viên")),
        ("Phó chủ tịch UBND xã Tân Thành Bình", Some("Phó Chủ tịch")),
        (
            "Uỷ viên ban thường vụ Huyện ủy, Chủ tịch HĐND huyện",
            Some("Chủ tịch"),
        ),
        ("Chủ tịch Ủy ban nhân dân huyện Nông Sơn", Some("Chủ tịch")),
        (
            "Phó Bí thư Thường trực Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh Hải Dương",
            Some("Phó Bí thư"),
        ),
        ("Phó Trưởng Đoàn ĐBQH tỉnh", Some("Phó Trưởng đoàn")),
        (
            "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng đoàn ĐBQH tỉnh",
            Some("Bí thư"),
        ),
        ("CT UBND huyện", Some("Chủ tịch")),
        ("Chánh văn phòng UBND tỉnh Long An", Some("Chánh Văn phòng")),
        (
            "Tỉnh ủy viên, Giám đốc Sở Kế hoạch và Đầu tư tỉnh Hải Dương",
            Some("Giám đốc"),
        ),
        (
            "Thường vụ Tỉnh ủy - Phó chủ tịch thường trực UBND tỉnh",
            Some("Phó Chủ tịch"),
        ),
        (
            "Giám đốc Sở Lao động - Thương binh và Xã hội",
            Some("Giám đốc"),
        ),
        (
            "Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo các công trình trọng điểm",
            Some("Chủ tịch"),
        ),
        ("cán bộ địa chính xã", None),
    ];
    for (title, want) in cases {
        assert_eq!(title_head(title), *want, "{title}");
    }
}

#[test]
fn lexicons_parse_are_nfc_and_have_no_duplicates() {
    let entries = match parse_entries() {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    assert!(
        entries
            .iter()
            .filter(|e| matches!(e.kind, Kind::Surname { .. }))
            .count()
            >= 150
    );
    let mut seen = std::collections::BTreeMap::new();
    for e in &entries {
        let nfc: String = e.surface.nfc().collect();
        assert_eq!(nfc, e.surface, "not NFC: {}", e.surface);
        assert_eq!(e.surface.trim(), e.surface);
        if let Some(prev) = seen.insert(fold(e.surface), e.surface) {
            panic!("duplicate entry: {prev} / {}", e.surface);
        }
    }
}

#[test]
fn lexicon_matches_start_where_asked() {
    use super::lexicon::Finder;
    for (text, want) in [
        ("Ủy viên dự khuyết BCH", "Ủy viên"),
        ("Phó Chủ tịch UBND", "Phó Chủ tịch"),
        ("Nguyễn Duy Hưng", "Nguyễn"),
    ] {
        let folded = fold(text);
        let mut finder = Finder::new(&folded, text);
        // The longest entry found at the start.
        let found = finder.starting_at(0).last().map(|&(end, _)| &text[..end]);
        assert_eq!(found, Some(want), "{text}");
    }
}

#[test]
fn fold_keeps_offsets_and_joins_spellings() {
    for s in [
        "Hoà Bình",
        "Thủy điện",
        "Uỷ viên",
        "ĐÀ NẴNG",
        "Ðịnh",
        "khoẻ",
        "Quỳnh",
        "oẽ uỳ",
    ] {
        assert_eq!(fold(s).len(), s.len(), "{s}");
    }
    assert_eq!(fold("Uỷ viên"), fold("Ủy viên"));
    assert_eq!(fold("Hoà"), fold("Hòa"));
    assert_eq!(fold("Báo Bình Ðịnh"), fold("báo bình định"));
    assert_eq!(name_key("Nguyễn Thị Thuỳ"), name_key("Nguyễn Thị Thùy"));
}

#[test]
fn name_found_again_across_a_moved_tone_mark_is_not_a_mention() {
    // In new-style text "thuỷ" folds to "thủy": the folded "y moan niê" starts inside
    // the original "ỷ". This cut the text inside a char and panicked.
    let text = "Ông Y Moan Niê, Chủ tịch UBND xã Ea Tu, chủ trì. Nước thuỷ moan niê lên cao.";
    let found = officials(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].name, "Y Moan Niê");
    assert_eq!(found[0].mentions.len(), 1, "{:?}", found[0].mentions);
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "",
        "Ông",
        "ông Nguyễn",
        "Chủ tịch",
        "Chủ tịch UBND tỉnh,",
        "(Ảnh:",
        "Ông A-",
        "đồng chí\n\nNguyễn Văn A, Giám đốc",
    ] {
        let _ = officials(text);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Any mix of names, titles, places and punctuation: no panic, and every
    /// mention slices back to its text.
    #[test]
    fn mentions_slice_back_on_any_mix(
        words in proptest::collection::vec(0usize..WORDS.len(), 0..40),
        seps in proptest::collection::vec(0usize..SEPS.len(), 40),
    ) {
        let mut text = String::new();
        for (w, s) in words.iter().zip(&seps) {
            text.push_str(WORDS[*w]);
            text.push_str(SEPS[*s]);
        }
        for o in officials(&text) {
            proptest::prop_assert!(!o.mentions.is_empty());
            for m in &o.mentions {
                proptest::prop_assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()));
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Any text at all, title_head included: no panic.
    #[test]
    fn any_text_no_panic(text in "\\PC{0,200}") {
        for o in officials(&text) {
            for m in &o.mentions {
                proptest::prop_assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()));
            }
        }
        let _ = title_head(&text);
    }
}

const WORDS: &[&str] = &[
    "Nguyễn",
    "Văn",
    "Hòa",
    "Hoà",
    "Chủ tịch",
    "UBND",
    "huyện",
    "tỉnh",
    "Nông",
    "Sơn",
    "ông",
    "Bà",
    "Phó",
    "Giám đốc",
    "Sở",
    "Nội vụ",
    "Hà",
    "Tĩnh",
    "Tỉnh ủy",
    "CT",
    "giữ chức",
    "làm",
    "kiêm",
    "Ảnh:",
    "đường",
    "Trần",
    "Phú",
    "Thị",
    "Anh",
    "Tuấn",
    "(",
    ")",
    "-",
    ":",
    "và",
    "Ð",
    "Uỷ viên",
];
const SEPS: &[&str] = &[" ", " ", " ", ", ", " - ", "-", "\n\n", ". ", "; ", ""];

#[test]
fn a_text_longer_than_the_scan_takes_gives_no_officials() {
    // The scan's 4 GiB bound (u32 offsets) brought down to each article's length.
    let mut with_officials = 0;
    for (path, text) in crate::test_corpus::articles() {
        let len = u32::try_from(text.len()).expect("a short text");
        let within =
            |max: u32| crate::extract::run_on(&text, None, |doc| super::extract_within(doc, max));
        let all = officials(&text);
        assert_eq!(within(len), all, "{path:?}");
        assert!(within(len - 1).is_empty(), "{path:?}");
        assert!(super::scan::Scan::within(&text, len - 1).is_none());
        with_officials += usize::from(!all.is_empty());
    }
    assert!(with_officials > 10, "{with_officials}");
}

#[test]
fn names_come_in_item_order_without_overlap() {
    // The title rules find a name by its first or last item with a binary search.
    let mut seen = 0;
    for text in super::lexicon::tests::sample_texts() {
        let scan = super::scan::Scan::new(&text).expect("a short text");
        let names = super::names::find_names(&scan);
        for pair in names.windows(2) {
            assert!(pair[0].last <= pair[1].first, "{text}");
        }
        assert!(names.iter().all(|nm| nm.first < nm.last), "{text}");
        seen += names.len();
    }
    assert!(seen > 100, "{seen}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Name keys borrowed from the folded text are not folded again: folding any slice
    /// of folded text, old or new tone style, any case, NFC or NFD, leaves it as it is.
    #[test]
    fn fold_of_folded_text_leaves_every_slice(
        picks in proptest::collection::vec(0usize..64, 0..24),
        nfd: bool,
    ) {
        let alphabet: Vec<char> = "oOuUaAyYeEnhgTQĐÐđ àáÀÁòÒèÉýÝỳỷùúơờưứăằâầêềôồ\u{300}\u{301}\u{309}\u{323}"
            .chars()
            .collect();
        let picked: String = picks.iter().map(|&i| alphabet[i % alphabet.len()]).collect();
        let text: String = if nfd { picked.nfd().collect() } else { picked };
        let folded = fold(&text);
        let bounds: Vec<usize> = folded.char_indices().map(|(i, _)| i).chain([folded.len()]).collect();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in &bounds[k..] {
                let slice = &folded[start..end];
                proptest::prop_assert_eq!(fold(slice), slice, "{:?}", text);
            }
        }
    }
}

#[test]
fn fold_of_folded_names_is_the_same() {
    for name in [
        "Nguyễn Thị Thuỳ",
        "Nguyễn Thị Thùy",
        "LÊ VĂN HOÀ",
        "Trần Thanh Hòa",
        "Võ Thị Khoẻ",
        "Đặng Quốc Thuý",
        "Ðinh Văn Quỳnh",
    ] {
        for form in [name.to_string(), name.nfd().collect()] {
            let once = fold(&form);
            assert_eq!(fold(&once), once, "{form}");
        }
    }
    // Not a no-op: case and the old tone style are folded the first time.
    assert_ne!(fold("LÊ VĂN HOÀ"), "LÊ VĂN HOÀ");
    assert_eq!(fold("Hoà"), fold("hòa"));
}
