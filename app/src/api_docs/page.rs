use super::{ApiDocs, ApiField, ApiGroup, ApiOperation, ApiSchema};
use leptos::prelude::*;

#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let docs = use_context::<std::sync::Arc<dyn super::ApiDocsPort>>().map(|p| p.docs());
    let Some(docs) = docs else {
        return view! { <p class="loading">"Memuat…"</p> }.into_any();
    };
    view! { <Docs docs /> }.into_any()
}

#[component]
fn Docs(docs: ApiDocs) -> impl IntoView {
    view! {
        <h1>{docs.title.clone()}</h1>
        <p>{docs.description.clone()}</p>
        <p class="hint">
            {format!("Versi {} · Dokumen mesin (OpenAPI 3.1): ", docs.version)}
            <a href="/api/v1/openapi.json">"/api/v1/openapi.json"</a>
        </p>
        <nav aria-label="Daftar isi" class="card">
            <ul>
                {docs.groups.iter().flat_map(|g| g.operations.iter()).map(|o| view! {
                    <li><a href=format!("#{}", anchor(o))><code>{format!("{} {}", o.method, o.path)}</code></a> " — " {o.summary.clone()}</li>
                }).collect_view()}
            </ul>
        </nav>
        {docs.groups.into_iter().map(|g| view! { <Group g /> }).collect_view()}
        <section class="card">
            <h2 id="skema">"Isi jawaban"</h2>
            {docs.schemas.into_iter().map(|s| view! { <Schema s /> }).collect_view()}
        </section>
    }
}

fn anchor(o: &ApiOperation) -> String {
    format!("{}-{}", o.method.to_lowercase(), o.path.trim_start_matches('/').replace(['/', '{', '}', '.'], "-"))
}

#[component]
fn Group(g: ApiGroup) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{format!("{} — {}", g.name, g.description)}</h2>
            {g.operations.into_iter().map(|o| view! { <Operation o /> }).collect_view()}
        </section>
    }
}

#[component]
fn Operation(o: ApiOperation) -> impl IntoView {
    let id = anchor(&o);
    view! {
        <article class="api-operation" id=id>
            <h3><code>{format!("{} {}", o.method, o.path)}</code></h3>
            <p><strong>{o.summary.clone()}</strong></p>
            <p>{o.description.clone()}</p>
            {(!o.parameters.is_empty()).then(|| view! { <Fields caption="Parameter" fields=o.parameters.clone() /> })}
            {(!o.body.is_empty()).then(|| view! { <p>"Isi permintaan: " <code>{o.body.clone()}</code></p> })}
            <div class="table-wrap">
                <table class="staff">
                    <caption>"Jawaban"</caption>
                    <thead><tr><th>"Kode"</th><th>"Arti"</th><th>"Isi"</th></tr></thead>
                    <tbody>
                        {o.responses.into_iter().map(|r| view! {
                            <tr>
                                <td>{r.status}</td>
                                <td>{r.description}</td>
                                <td>{(!r.schema.is_empty()).then(|| view! { <a href=format!("#skema-{}", r.schema)>{r.schema.clone()}</a> })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p>"Contoh:"</p>
            <pre><code>{o.example.clone()}</code></pre>
        </article>
    }
}

#[component]
fn Schema(s: ApiSchema) -> impl IntoView {
    view! {
        <h3 id=format!("skema-{}", s.name)>{s.name.clone()}</h3>
        {(!s.description.is_empty()).then(|| view! { <p>{s.description.clone()}</p> })}
        {(!s.fields.is_empty()).then(|| view! { <Fields caption="Kolom" fields=s.fields.clone() /> })}
    }
}

#[component]
fn Fields(caption: &'static str, fields: Vec<ApiField>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="staff">
                <caption>{caption}</caption>
                <thead><tr><th>"Nama"</th><th>"Jenis"</th><th>"Wajib"</th><th>"Keterangan"</th></tr></thead>
                <tbody>
                    {fields.into_iter().map(|f| view! {
                        <tr>
                            <td><code>{f.name}</code></td>
                            <td>{f.kind}</td>
                            <td>{if f.required { "ya" } else { "tidak" }}</td>
                            <td>{f.description}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
