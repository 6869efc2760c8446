//! 部门: the cumulative spending plan by month against 序时进度, drawn as the HTML report
//! draws it, one chart per budget year.

#![allow(clippy::unwrap_used)]

use axum::http::StatusCode;

use crate::serve_client::{Client, first_department_link};

#[tokio::test]
async fn the_department_page_draws_its_plan_against_time_elapsed() {
    let client = Client::budgets(true);
    let (_, overview) = client.get("/").await;
    let link = first_department_link(&overview);
    let (status, page) = client.get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page.matches("<svg class=\"chart plan\"").count(),
        1,
        "{page}"
    );
    // The 序时进度 diagonal and the planned line with its points.
    assert!(page.contains("class=\"elapsed\""), "{page}");
    assert!(page.contains("class=\"planned\""), "{page}");
    assert!(
        page.contains("2024 · 资金支出计划（累计，%）与序时进度（虚线）"),
        "{page}"
    );
}

/// The project names of a department page's table, in order.
fn names(page: &str) -> Vec<String> {
    let table = &page[..page.find("</table>").unwrap()];
    table
        .split("<a href=\"/project/")
        .skip(1)
        .map(|cell| {
            let text = &cell[cell.find('>').unwrap() + 1..];
            text[..text.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_project_table_sorts_by_a_column_without_javascript() {
    let client = Client::budgets(true);
    let (_, overview) = client.get("/").await;
    let link = first_department_link(&overview);
    let (_, by_total) = client.get(&format!("{link}?sort=total")).await;
    let order = names(&by_total);
    assert_eq!(order.len(), 7, "{by_total}");
    // 4000, 2800, 1206, 683, 230, 66, 50 万元.
    assert_eq!(
        order,
        [
            "被征地农民社会保障费",
            "人才发展资金",
            "机关事业养老保险财政补助",
            "城乡居民养老保险区级财政补助",
            "9村村民参加企业职工养老保险财政补贴",
            "驻村工作队工作经费及驻村干部人身意外保险经费",
            "党员档案集中管理经费",
        ]
    );
    // The sorted column is marked, the others are links that sort by them.
    assert!(by_total.contains("预算数（万元） ▾"), "{by_total}");
    assert!(by_total.contains("href=\"?sort=name\""));
    let (_, by_name) = client.get(&format!("{link}?sort=name")).await;
    let mut sorted = names(&by_name);
    assert_eq!(sorted.len(), 7);
    let got = sorted.clone();
    sorted.sort();
    assert_eq!(got, sorted);
}

#[tokio::test]
async fn a_hostile_department_name_and_plan_are_shown_escaped_and_clamped() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("部门");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("项目.toml"),
        "[project]\nname = \"<b>项目</b>\"\ndepartment = \"<script>alert(1)</script>&\\\"局\"\n\
         year = 2024\npurpose = \"用于测试\"\ngoals = [\"完成\"]\n\n[budget]\ntotal = 10\n\
         fiscal = 10\nother = 0\n\n[plan]\n3 = -20\n6 = 150\n12 = 100\n",
    )
    .unwrap();
    let client = Client::new(dir.path(), true);
    let (_, overview) = client.get("/").await;
    let link = first_department_link(&overview);
    for query in ["", "?sort=total", "?sort=%3Cscript%3E"] {
        let (status, page) = client.get(&format!("{link}{query}")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;"), "{page}");
        assert!(!page.contains("<b>项目"), "{page}");
        // The plan is drawn, out-of-range points clamped into the chart, never outside it.
        assert_eq!(page.matches("<svg class=\"chart plan\"").count(), 1);
    }
}
