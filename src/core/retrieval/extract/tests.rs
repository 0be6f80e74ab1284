use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::any;
use serde_json::{Value, json};

use super::*;

struct Files(tempfile::TempDir);

impl Files {
    fn new() -> Self {
        Files(tempfile::tempdir().unwrap())
    }
    fn put(&self, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = self.0.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

async fn run(
    cfg: &ExtractConfig,
    name: &str,
    bytes: &[u8],
    ct: Option<&str>,
) -> Result<Vec<Document>> {
    let files = Files::new();
    let path = files.put(&format!("id_{name}"), bytes);
    extract(&reqwest::Client::new(), cfg, &path, name, ct).await
}

async fn text_of(name: &str, bytes: &[u8], ct: Option<&str>) -> String {
    let docs = run(&ExtractConfig::default(), name, bytes, ct)
        .await
        .unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");
    docs[0].text.clone()
}

async fn error_of(cfg: &ExtractConfig, name: &str, bytes: &[u8], ct: Option<&str>) -> String {
    match run(cfg, name, bytes, ct).await {
        Err(Error::Invalid(m)) => m,
        other => panic!("{name}: expected Invalid, got {other:?}"),
    }
}

// ---------- files made with the crates ----------

fn zip_file(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn docx_file(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let header = r#"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>Page header</w:t></w:r></w:p></w:hdr>"#;
    zip_file(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", doc.as_bytes()),
        ("word/header1.xml", header.as_bytes()),
    ])
}

fn slide(texts: &[&str]) -> String {
    let shapes: String = texts
        .iter()
        .map(|t| format!("<p:sp><p:txBody><a:p><a:r><a:t>{t}</a:t></a:r></a:p></p:txBody></p:sp>"))
        .collect();
    format!(
        r#"<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>{shapes}</p:spTree></p:cSld></p:sld>"#
    )
}

fn xlsx_file() -> Vec<u8> {
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Prices" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let wb_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>fruit</t></is></c><c r="B1" t="inlineStr"><is><t>price</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>apple</t></is></c><c r="B2"><v>1.5</v></c></row></sheetData></worksheet>"#;
    zip_file(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", wb_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

/// A PDF with one text line per page, written with lopdf.
fn pdf_file(pages: &[&str], password: Option<&str>) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document as Pdf, Object, Stream, dictionary};
    let mut pdf = Pdf::with_version("1.5");
    let pages_id = pdf.new_object_id();
    let font_id = pdf.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = pdf.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = vec![];
    for text in pages {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 24.into()]),
                Operation::new("Td", vec![72.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(*text)]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = pdf.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = pdf.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    pdf.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    pdf.trailer.set("Root", catalog_id);
    let info_id =
        pdf.add_object(dictionary! { "Title" => Object::string_literal(" Harvest report ") });
    pdf.trailer.set("Info", info_id);
    if let Some(password) = password {
        pdf.trailer.set(
            "ID",
            vec![
                Object::string_literal(b"0123456789abcdef".to_vec()),
                Object::string_literal(b"0123456789abcdef".to_vec()),
            ],
        );
        let version = lopdf::EncryptionVersion::V2 {
            document: &pdf,
            owner_password: "owner",
            user_password: password,
            key_length: 128,
            permissions: Default::default(),
        };
        let state = lopdf::EncryptionState::try_from(version).unwrap();
        pdf.encrypt(&state).unwrap();
    }
    let mut out = Vec::new();
    pdf.save_to(&mut out).unwrap();
    out
}

// ---------- built-in loaders ----------

#[tokio::test]
async fn text_files_keep_their_text_and_source() {
    let files = Files::new();
    let path = files.put("id_notes.md", "# Title\n\nBody é\n".as_bytes());
    let docs = extract(
        &reqwest::Client::new(),
        &ExtractConfig::default(),
        &path,
        "notes.md",
        None,
    )
    .await
    .unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].text, "# Title\n\nBody é\n");
    assert_eq!(docs[0].metadata["source"], json!(path.to_string_lossy()));

    for (name, ct) in [
        ("main.rs", None),
        ("data.json", Some("application/json")),
        ("noext", None),
        ("clip.ts", Some("video/mp2t")),
    ] {
        assert_eq!(
            text_of(name, b"let x = 1;\n", ct).await,
            "let x = 1;\n",
            "{name}"
        );
    }
    // a UTF-8 byte-order mark is not text
    assert_eq!(text_of("bom.txt", b"\xef\xbb\xbfhi", None).await, "hi");
}

#[tokio::test]
async fn legacy_encodings_are_detected() {
    let (latin, _, _) =
        encoding_rs::WINDOWS_1252.encode("Café crème brûlée, déjà vu à la française.");
    assert_eq!(
        text_of("menu.txt", &latin, Some("text/plain")).await,
        "Café crème brûlée, déjà vu à la française."
    );
    let chinese = "这是一个简体中文的测试文件，用来检查编码识别是否正确。我们需要足够多的文字。";
    let (gbk, _, _) = encoding_rs::GBK.encode(chinese);
    assert_eq!(text_of("zh.txt", &gbk, None).await, chinese);
    let japanese = "これは日本語のテストファイルです。文字コードの判定を確認します。";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(japanese);
    assert_eq!(text_of("ja.txt", &sjis, None).await, japanese);
}

#[tokio::test]
async fn html_becomes_text_with_its_title() {
    let page = b"<html><head><title> The Page </title><style>p{color:red}</style>\
        <script>var hidden = 1;</script></head><body><h1>Heading</h1><p>First &amp; only paragraph.</p></body></html>";
    let docs = run(
        &ExtractConfig::default(),
        "page.html",
        page,
        Some("text/html"),
    )
    .await
    .unwrap();
    assert_eq!(docs.len(), 1);
    let text = &docs[0].text;
    assert!(text.contains("Heading"), "{text}");
    assert!(text.contains("First & only paragraph."), "{text}");
    assert!(
        !text.contains("hidden") && !text.contains("color"),
        "{text}"
    );
    assert!(!text.contains("<p>"), "{text}");
    assert_eq!(docs[0].metadata["title"], "The Page");
}

#[tokio::test]
async fn csv_gives_one_document_per_row() {
    let csv =
        b"name, city\nAda,London\n\"Grace, B.\" , \"New York\"\nLinus\nKen,Murray Hill,NJ,US\n";
    let docs = run(
        &ExtractConfig::default(),
        "people.csv",
        csv,
        Some("text/csv"),
    )
    .await
    .unwrap();
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "name: Ada\ncity: London",
            // as Python's csv module reads it: the quotes after a space are text
            "name: Grace, B.\ncity: \"New York\"",
            "name: Linus\ncity: None",
            "name: Ken\ncity: Murray Hill\nNone: NJ,US",
        ]
    );
    let rows: Vec<&Value> = docs.iter().map(|d| &d.metadata["row"]).collect();
    assert_eq!(rows, [&json!(0), &json!(1), &json!(2), &json!(3)]);
}

#[tokio::test]
async fn pdf_pages_become_documents() {
    let bytes = pdf_file(&["Hello PDF world", "Second page here"], None);
    let docs = run(
        &ExtractConfig::default(),
        "report.pdf",
        &bytes,
        Some("application/pdf"),
    )
    .await
    .unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].text, "Hello PDF world");
    assert_eq!(docs[1].text, "Second page here");
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d.metadata["page"], json!(i));
        assert_eq!(d.metadata["page_label"], json!((i + 1).to_string()));
        assert_eq!(d.metadata["total_pages"], json!(2));
        assert_eq!(d.metadata["title"], "Harvest report");
        assert_eq!(d.metadata["producer"], "PyPDF");
    }

    let single = ExtractConfig {
        pdf_loader_mode: "single".into(),
        ..ExtractConfig::default()
    };
    let docs = run(&single, "report.pdf", &bytes, None).await.unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].text, "Hello PDF world\n\u{c}Second page here");
    assert!(docs[0].metadata.get("page").is_none());
    assert_eq!(docs[0].metadata["total_pages"], json!(2));
}

#[tokio::test]
async fn broken_pdfs_are_clear_errors() {
    let cfg = ExtractConfig::default();
    let good = pdf_file(&["Hello PDF world"], None);
    let msg = error_of(&cfg, "x.pdf", b"%PDF-1.7\nthis is not really a pdf", None).await;
    assert!(msg.contains("PDF") || msg.contains("document"), "{msg}");
    for cut in [good.len() / 2, good.len() / 3, 20] {
        let msg = error_of(&cfg, "x.pdf", &good[..cut], None).await;
        assert!(!msg.is_empty());
    }
    let locked = pdf_file(&["Secret text"], Some("hunter2"));
    let msg = error_of(&cfg, "locked.pdf", &locked, None).await;
    assert_eq!(
        msg,
        "The PDF is protected by a password; remove the password and upload it again."
    );
    let msg = error_of(
        &ExtractConfig {
            pdf_loader_mode: "columns".into(),
            ..cfg.clone()
        },
        "x.pdf",
        &good,
        None,
    )
    .await;
    assert_eq!(msg, "PDF mode must be 'single' or 'page'");
}

#[tokio::test]
async fn docx_reads_like_docx2txt() {
    let body = "<w:p><w:r><w:t>First &amp; best</w:t><w:tab/><w:t xml:space=\"preserve\"> para</w:t></w:r></w:p>\
                <w:p><w:r><w:t>Line</w:t><w:br/><w:t>break &#233;</w:t></w:r></w:p>";
    let text = text_of("letter.docx", &docx_file(body), None).await;
    assert_eq!(text, "Page header\n\nFirst & best\t para\n\nLine\nbreak é");
    // found by content type too
    let text = text_of("letter", &docx_file(body), Some(local::DOCX_TYPE)).await;
    assert!(text.ends_with("break é"));
}

#[tokio::test]
async fn pptx_slides_are_in_numeric_order() {
    let s1 = slide(&["Title one", "Bullet &lt;a&gt;"]);
    let s2 = slide(&["Second"]);
    let s10 = slide(&["Tenth"]);
    let bytes = zip_file(&[
        ("ppt/slides/slide10.xml", s10.as_bytes()),
        ("ppt/slides/slide2.xml", s2.as_bytes()),
        ("ppt/slides/slide1.xml", s1.as_bytes()),
        ("ppt/slides/_rels/slide1.xml.rels", b"<Relationships/>"),
    ]);
    let text = text_of("deck.pptx", &bytes, None).await;
    assert_eq!(
        text,
        "Slide 1:\nTitle one\nBullet <a>\n\nSlide 2:\nSecond\n\nSlide 3:\nTenth"
    );
}

#[tokio::test]
async fn spreadsheets_list_each_sheet() {
    let text = text_of("prices.xlsx", &xlsx_file(), None).await;
    assert_eq!(text, "Sheet: Prices\nfruit | price\napple | 1.5");
}

#[tokio::test]
async fn broken_office_files_are_clear_errors() {
    let cfg = ExtractConfig::default();
    for name in ["a.docx", "a.pptx", "a.xlsx", "a.xls", "a.ods"] {
        let msg = error_of(&cfg, name, b"PK\x03\x04 definitely not a zip", None).await;
        assert!(msg.contains("could not be read"), "{name}: {msg}");
    }
    let good = docx_file("<w:p><w:r><w:t>x</w:t></w:r></w:p>");
    let msg = error_of(&cfg, "cut.docx", &good[..good.len() - 30], None).await;
    assert!(msg.contains("could not be read"), "{msg}");
    let bad_xml = zip_file(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]);
    let msg = error_of(&cfg, "bad.docx", &bad_xml, None).await;
    assert!(msg.contains("Word file could not be read"), "{msg}");
    for name in ["old.doc", "mail.msg", "book.epub", "old.ppt", "text.odt"] {
        let msg = error_of(&cfg, name, b"\xd0\xcf\x11\xe0 binary", None).await;
        assert_eq!(msg, local::NEEDS_EXTRACTOR, "{name}");
    }
}

#[tokio::test]
async fn zip_bombs_are_refused_with_upstreams_message() {
    let zeros = vec![0u8; 11 * 1024 * 1024];
    let bomb = zip_file(&[("word/document.xml", &zeros)]);
    assert!(bomb.len() < 100 * 1024, "compressed {}", bomb.len());
    let cfg = ExtractConfig::default();
    assert_eq!(
        error_of(&cfg, "bomb.docx", &bomb, None).await,
        ARCHIVE_TOO_LARGE
    );
    // by content type, whatever the name
    assert_eq!(
        error_of(
            &cfg,
            "bomb",
            &bomb,
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )
        .await,
        ARCHIVE_TOO_LARGE
    );
    // a lower upload limit lowers the cap
    let body = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "a".repeat(300_000));
    let doc = docx_file(&body);
    let small = ExtractConfig {
        max_upload_size: Some(200_000),
        ..ExtractConfig::default()
    };
    assert_eq!(
        error_of(&small, "big.docx", &doc, None).await,
        ARCHIVE_TOO_LARGE
    );
    assert!(run(&cfg, "big.docx", &doc, None).await.is_ok());
}

// ---------- extraction servers ----------

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Value>>>);

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/")
}

/// A fake Tika server: answers PUT /tika/text with Tika's JSON.
async fn fake_tika(seen: Seen) -> String {
    let app = Router::new()
        .route(
            "/{*path}",
            any(
                |State(seen): State<Seen>,
                 method: Method,
                 uri: Uri,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    seen.0.lock().unwrap().push(json!({
                        "method": method.as_str(), "path": uri.path(),
                        "accept": headers.get("accept").and_then(|v| v.to_str().ok()),
                        "body": String::from_utf8_lossy(&body),
                    }));
                    if method != Method::PUT || uri.path() != "/tika/text" {
                        return (axum::http::StatusCode::NOT_FOUND, axum::Json(json!({})));
                    }
                    (
                        axum::http::StatusCode::OK,
                        axum::Json(json!({
                            "X-TIKA:content": "\n\n  Text from Tika \n",
                            "Content-Type": "application/pdf",
                            "X-TIKA:Parsed-By": ["org.apache.tika.parser.DefaultParser"],
                        })),
                    )
                },
            ),
        )
        .with_state(seen);
    serve(app).await
}

#[tokio::test]
async fn tika_gets_the_file_and_text_files_stay_local() {
    let seen = Seen::default();
    let url = fake_tika(seen.clone()).await;
    let cfg = ExtractConfig {
        engine: "tika".into(),
        tika_url: url,
        ..ExtractConfig::default()
    };
    let docs = run(
        &cfg,
        "scan.pdf",
        b"%PDF-fake bytes",
        Some("application/pdf"),
    )
    .await
    .unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].text, "Text from Tika");
    assert_eq!(
        Value::Object(docs[0].metadata.clone()),
        json!({"Content-Type": "application/pdf"})
    );
    assert_eq!(
        seen.0.lock().unwrap().clone(),
        [
            json!({"method": "PUT", "path": "/tika/text", "accept": "application/json", "body": "%PDF-fake bytes"})
        ]
    );

    let docs = run(&cfg, "script.py", b"print(1)", Some("text/x-python"))
        .await
        .unwrap();
    assert_eq!(docs[0].text, "print(1)");
    assert_eq!(
        seen.0.lock().unwrap().len(),
        1,
        "text files are not sent to Tika"
    );

    // no URL: the built-in loaders
    let builtin = ExtractConfig {
        tika_url: String::new(),
        ..cfg.clone()
    };
    let docs = run(&builtin, "notes.txt", b"plain", None).await.unwrap();
    assert_eq!(docs[0].text, "plain");
    let docs = run(&builtin, "t.csv", b"a,b\n1,2\n", Some("text/csv"))
        .await
        .unwrap();
    assert_eq!(docs[0].text, "a: 1\nb: 2");
    // with the server set, a text-like CSV is read as plain text (as upstream)
    let docs = run(&cfg, "t.csv", b"a,b\n1,2\n", Some("text/csv"))
        .await
        .unwrap();
    assert_eq!(docs[0].text, "a,b\n1,2\n");
    assert_eq!(seen.0.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn tika_errors_name_the_status() {
    let app = Router::new().route(
        "/tika/text",
        any(|| async { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, "bad") }),
    );
    let url = serve(app).await;
    let cfg = ExtractConfig {
        engine: "tika".into(),
        tika_url: url,
        ..ExtractConfig::default()
    };
    assert_eq!(
        error_of(&cfg, "a.pdf", b"x", None).await,
        "Error calling Tika: Unprocessable Entity"
    );
}

/// A fake docling-serve: POST /v1/convert/file, multipart with `files`.
async fn fake_docling(seen: Seen, answer: Value) -> String {
    let app = Router::new()
        .route(
            "/v1/convert/file",
            any(
                move |State(seen): State<Seen>, method: Method, mut form: Multipart| {
                    let answer = answer.clone();
                    async move {
                        let mut fields = vec![];
                        while let Some(field) = form.next_field().await.unwrap() {
                            let name = field.name().unwrap_or("").to_string();
                            let file = field.file_name().map(str::to_string);
                            let ct = field.content_type().map(str::to_string);
                            let data = field.bytes().await.unwrap();
                            fields.push(json!([name, String::from_utf8_lossy(&data), file, ct]));
                        }
                        seen.0
                            .lock()
                            .unwrap()
                            .push(json!({"method": method.as_str(), "fields": fields}));
                        axum::Json(answer)
                    }
                },
            ),
        )
        .with_state(seen);
    serve(app).await
}

#[tokio::test]
async fn docling_gets_upstreams_form_and_pages_come_back() {
    let seen = Seen::default();
    let answer = json!({
        "status": "success",
        "errors": [],
        "document": {
            "md_content": "# Page one\n\nalpha\u{c}\u{c}Page three text",
            "json_content": {
                "texts": [
                    {"content_layer": "body", "prov": [{"page_no": 1}]},
                    {"content_layer": "furniture", "prov": [{"page_no": 2}]},
                    {"content_layer": "body", "prov": [{"page_no": 3}]},
                ],
                "tables": [{"content_layer": "body", "prov": [{"page_no": 2}]}],
            },
        },
    });
    let url = fake_docling(seen.clone(), answer).await;
    let cfg = ExtractConfig {
        engine: "docling".into(),
        docling_url: url,
        docling_params: json!({"do_ocr": false, "ocr_lang": ["en", "fr"], "pdf_backend": "dlparse_v4"}),
        ..ExtractConfig::default()
    };
    let docs = run(&cfg, "paper.pdf", b"%PDF-bytes", Some("application/pdf"))
        .await
        .unwrap();
    let got: Vec<(String, Value)> = docs
        .iter()
        .map(|d| (d.text.clone(), d.metadata["page"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("# Page one\n\nalpha".to_string(), json!(0)),
            ("Page three text".to_string(), json!(2)),
        ]
    );
    assert_eq!(docs[0].metadata["Content-Type"], "application/pdf");
    let seen = seen.0.lock().unwrap().clone();
    assert_eq!(
        seen,
        [json!({"method": "POST", "fields": [
            ["image_export_mode", "placeholder", null, null],
            ["md_page_break_placeholder", "\u{c}", null, null],
            ["to_formats", "md", null, null],
            ["to_formats", "json", null, null],
            ["do_ocr", "False", null, null],
            ["ocr_lang", "en", null, null],
            ["ocr_lang", "fr", null, null],
            ["pdf_backend", "dlparse_v4", null, null],
            ["files", "%PDF-bytes", "id_paper.pdf", "application/pdf"],
        ]})]
    );
}

#[tokio::test]
async fn docling_failures_are_reported() {
    let answer = json!({"status": "failure", "errors": [{"error_message": "bad page"}, {"error_message": "worse"}]});
    let url = fake_docling(Seen::default(), answer).await;
    let cfg = ExtractConfig {
        engine: "docling".into(),
        docling_url: url.clone(),
        ..ExtractConfig::default()
    };
    assert_eq!(
        error_of(&cfg, "a.pdf", b"x", None).await,
        "Error calling Docling: conversion status failure - bad page; worse"
    );
    let url = fake_docling(
        Seen::default(),
        json!({"status": "success", "document": {"md_content": ""}}),
    )
    .await;
    let cfg = ExtractConfig {
        docling_url: url,
        ..cfg
    };
    let docs = run(&cfg, "a.pdf", b"x", None).await.unwrap();
    assert_eq!(docs[0].text, "<No text content found>");
}

/// A fake external loader: PUT /process, answers with `answer`.
async fn fake_external(seen: Seen, status: u16, answer: Value) -> String {
    let app = Router::new()
        .route(
            "/{*path}",
            any(
                move |State(seen): State<Seen>,
                      method: Method,
                      uri: Uri,
                      headers: HeaderMap,
                      body: Bytes| {
                    let answer = answer.clone();
                    async move {
                        let h = |n: &str| {
                            headers
                                .get(n)
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_string)
                        };
                        seen.0.lock().unwrap().push(json!({
                            "method": method.as_str(), "path": uri.path(),
                            "authorization": h("authorization"), "content-type": h("content-type"),
                            "x-filename": h("x-filename"), "body": String::from_utf8_lossy(&body),
                        }));
                        (
                            axum::http::StatusCode::from_u16(status).unwrap(),
                            axum::Json(answer),
                        )
                    }
                },
            ),
        )
        .with_state(seen);
    serve(app).await
}

#[tokio::test]
async fn external_loader_gets_upstreams_request() {
    let seen = Seen::default();
    let answer = json!([
        {"page_content": "part one", "metadata": {"page": 0}},
        {"page_content": "part two", "metadata": null},
    ]);
    let url = fake_external(seen.clone(), 200, answer).await;
    let cfg = ExtractConfig {
        engine: "external".into(),
        external_url: url.clone(),
        external_key: "sk-ext".into(),
        ..ExtractConfig::default()
    };
    let docs = run(&cfg, "my report.txt", b"hello bytes", Some("text/plain"))
        .await
        .unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].text, "part one");
    assert_eq!(docs[0].metadata["page"], json!(0));
    assert!(docs[1].metadata.is_empty());
    assert_eq!(
        seen.0.lock().unwrap().clone(),
        [json!({
            "method": "PUT", "path": "/process", "authorization": "Bearer sk-ext",
            "content-type": "text/plain", "x-filename": "id_my%20report.txt", "body": "hello bytes",
        })]
    );

    // one object
    let url = fake_external(
        Seen::default(),
        200,
        json!({"page_content": "whole", "metadata": {"a": 1}}),
    )
    .await;
    let one = ExtractConfig {
        external_url: url,
        ..cfg.clone()
    };
    let docs = run(&one, "a.bin", b"x", None).await.unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].text, "whole");

    // errors
    let url = fake_external(Seen::default(), 500, json!({"detail": "boom"})).await;
    let failing = ExtractConfig {
        external_url: url,
        ..cfg.clone()
    };
    assert_eq!(
        error_of(&failing, "a.bin", b"x", None).await,
        r#"Error loading document: 500 {"detail":"boom"}"#
    );
    let url = fake_external(Seen::default(), 200, json!([])).await;
    let empty = ExtractConfig {
        external_url: url,
        ..cfg.clone()
    };
    assert_eq!(
        error_of(&empty, "a.bin", b"x", None).await,
        "Error loading document: No content returned"
    );

    // without a key the built-in loaders run
    let keyless = ExtractConfig {
        external_key: String::new(),
        ..cfg
    };
    let docs = run(&keyless, "a.txt", b"local", None).await.unwrap();
    assert_eq!(docs[0].text, "local");
    assert_eq!(seen.0.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn unreachable_servers_are_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let cfg = ExtractConfig {
        engine: "tika".into(),
        tika_url: url.clone(),
        ..ExtractConfig::default()
    };
    assert!(
        error_of(&cfg, "a.pdf", b"x", None)
            .await
            .starts_with("Error calling Tika:")
    );
    let cfg = ExtractConfig {
        engine: "external".into(),
        external_url: url,
        external_key: "k".into(),
        ..ExtractConfig::default()
    };
    assert!(
        error_of(&cfg, "a.pdf", b"x", None)
            .await
            .starts_with("Error connecting to endpoint:")
    );
}

#[tokio::test]
async fn a_parser_panic_is_an_error_not_a_crash() {
    let err = run_bounded(|| panic!("parser bug")).await.unwrap_err();
    assert!(matches!(err, Error::Invalid(_)));
    assert_eq!(
        err.message(),
        "The document could not be read: it is damaged or not in the format its name says."
    );
    let ok = run_bounded(|| Ok(vec![Document::new("fine")]))
        .await
        .unwrap();
    assert_eq!(ok[0].text, "fine");
}
