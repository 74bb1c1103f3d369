//! The e-invoice as a PDF, written directly: one A5 landscape page whose Chinese text uses the
//! standard Adobe font STSong-Light (UniGB-UCS2-H), which PDF readers supply themselves. That
//! keeps a multi-megabyte CJK font out of the binary and out of every invoice.

/// What the invoice says.
pub struct InvoiceContent<'a> {
    pub invoice_no: &'a str,
    pub issued_on: &'a str,
    pub seller: &'a str,
    pub buyer_title: &'a str,
    pub buyer_tax_number: &'a str,
    pub item: &'a str,
    pub amount: &'a str,
    pub order_no: &'a str,
}

/// Text as the font's UCS-2 big-endian code units, in hex.
fn ucs2_hex(text: &str) -> String {
    text.encode_utf16()
        .map(|unit| format!("{unit:04X}"))
        .collect()
}

fn line(content: &mut String, size: u32, x: u32, y: u32, text: &str) {
    content.push_str(&format!(
        "BT /F1 {size} Tf {x} {y} Td <{}> Tj ET\n",
        ucs2_hex(text)
    ));
}

pub fn invoice_pdf(invoice: &InvoiceContent<'_>) -> Vec<u8> {
    let mut content = String::new();
    line(&mut content, 20, 200, 370, "电子发票（普通发票）");
    line(
        &mut content,
        10,
        40,
        335,
        &format!("发票号码：{}", invoice.invoice_no),
    );
    line(
        &mut content,
        10,
        360,
        335,
        &format!("开票日期：{}", invoice.issued_on),
    );
    line(
        &mut content,
        11,
        40,
        300,
        &format!("购买方名称：{}", invoice.buyer_title),
    );
    line(
        &mut content,
        11,
        40,
        280,
        &format!("纳税人识别号：{}", invoice.buyer_tax_number),
    );
    line(
        &mut content,
        11,
        40,
        245,
        &format!("项目名称：{}", invoice.item),
    );
    line(
        &mut content,
        11,
        360,
        245,
        &format!("金额：{}", invoice.amount),
    );
    line(
        &mut content,
        11,
        40,
        225,
        &format!("订单号：{}", invoice.order_no),
    );
    line(
        &mut content,
        12,
        40,
        190,
        &format!("价税合计：{}", invoice.amount),
    );
    line(
        &mut content,
        11,
        40,
        120,
        &format!("销售方名称：{}", invoice.seller),
    );
    line(
        &mut content,
        9,
        40,
        60,
        "本发票由云签署沙箱开具，仅供测试。",
    );
    content.push_str("0.5 w 30 210 m 565 210 l S 30 320 m 565 320 l S\n");

    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 420] /Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>".to_owned(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 6 0 R >>".to_owned(),
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_well_formed_pdf_with_the_invoice_in_it() {
        let pdf = invoice_pdf(&InvoiceContent {
            invoice_no: "24440000000000000001",
            issued_on: "2026-11-29",
            seller: "云签署（沙箱）",
            buyer_title: "惠州市某建设工程有限公司",
            buyer_tax_number: "91110000802100433B",
            item: "个人移动证书",
            amount: "¥130.00",
            order_no: "wechat1",
        });
        let text = String::from_utf8_lossy(&pdf);
        assert!(pdf.starts_with(b"%PDF-1.4") && text.ends_with("%%EOF\n"));
        assert!(text.contains(&ucs2_hex("发票号码：24440000000000000001")));
        assert!(text.contains(&ucs2_hex("购买方名称：惠州市某建设工程有限公司")));
        // startxref points at the cross-reference table, whose entries point at the objects.
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[startxref..].starts_with(b"xref"));
        let table = String::from_utf8(pdf[startxref..].to_vec()).unwrap();
        let first_entry = table.lines().nth(3).unwrap();
        let offset: usize = first_entry[..10].parse().unwrap();
        assert!(pdf[offset..].starts_with(b"1 0 obj"));
    }
}
