//! What the database holds is the server's own data: enumerated columns refuse unknown values
//! on both engines, and a value that does not decode is a 500 (logged), never a quiet default.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use server::db::Engine;

on_both_databases!(
    the_database_refuses_unknown_statuses_channels_roles_and_signature_kinds,
    a_stored_status_that_does_not_decode_is_a_server_error_not_a_default,
);

async fn execute(app: &TestApp, sql: &str) -> Result<u64, sqlx::Error> {
    sqlx::query(sql).execute(&app.services.db.pool).await.map(|r| r.rows_affected())
}

async fn the_database_refuses_unknown_statuses_channels_roles_and_signature_kinds(app: TestApp) {
    let id = app.verified_domisili("Melamar kerja").await;
    for bad in [
        format!("UPDATE requests SET status = 'disetujui' WHERE id = '{id}'"),
        format!("UPDATE requests SET channel = 'pos' WHERE id = '{id}'"),
        format!("UPDATE request_events SET actor_role = 'bupati' WHERE request_id = '{id}'"),
        format!("UPDATE request_events SET to_status = 'selesai' WHERE request_id = '{id}'"),
        format!("UPDATE request_events SET from_status = 'x' WHERE request_id = '{id}'"),
        format!(
            "INSERT INTO request_events (id, request_id, seq, actor_user_id, actor_role, from_status, to_status, at) \
             SELECT 'e-bad', id, 99, requester_user_id, 'warga', NULL, 'hilang', 0 FROM requests WHERE id = '{id}'"
        ),
    ] {
        let err = execute(&app, &bad).await.expect_err(&bad);
        assert!(err.to_string().contains("check"), "{bad}: {err}");
    }
    // Values the code uses still pass, NULL included where allowed.
    assert_eq!(
        execute(&app, &format!("UPDATE requests SET status = 'diverifikasi' WHERE id = '{id}'")).await.unwrap(),
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM requests WHERE id = '{id}' AND status = 'diverifikasi'")).await,
        1
    );
    let sign = app.official("lurah.oebobo").await;
    assert_eq!(app.sign(&sign, &[&id], server::demo::DEMO_SIGNING_PASSPHRASE).await.status, StatusCode::OK);
    let bad = format!("UPDATE letters SET signature_kind = 'tinta' WHERE request_id = '{id}'");
    assert!(execute(&app, &bad).await.is_err());
}

async fn a_stored_status_that_does_not_decode_is_a_server_error_not_a_default(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Melamar kerja").await;
    // Someone gets past the constraint (a bad restore, a hand edit): remove it and spoil the row.
    let lift = match app.services.db.engine {
        Engine::Sqlite => "DROP TRIGGER requests_status_check_update",
        Engine::Postgres => "ALTER TABLE requests DROP CONSTRAINT requests_status_check",
    };
    execute(&app, lift).await.unwrap();
    execute(&app, &format!("UPDATE requests SET status = 'entah' WHERE id = '{id}'")).await.unwrap();
    let r = app.detail(&warga, &id).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.text());
    assert!(!r.text().contains("entah"), "database text is not sent to the client");
    let list = app.call(Some(&warga), "permohonan-saya", serde_json::json!({})).await;
    assert_eq!(list.status, StatusCode::INTERNAL_SERVER_ERROR);
    // A spoiled snapshot is an error too, not an empty resident.
    execute(&app, &format!("UPDATE requests SET status = 'diajukan', snapshot_json = '{{}}' WHERE id = '{id}'"))
        .await
        .unwrap();
    assert_eq!(app.detail(&warga, &id).await.status, StatusCode::INTERNAL_SERVER_ERROR);
}
