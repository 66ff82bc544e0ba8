//! The dashboard's charts, drawn on the server as SVG with `plotters` (no JavaScript; each has
//! its figures in a table beside it for screen readers). Text is measured with the bundled
//! Liberation font, registered once; the browser draws it with its own sans-serif.

use app::dashboard::Flow;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use std::sync::Once;

const FONT: &[u8] = include_bytes!("../../../letter-templates/_fonts/LiberationSerif-Regular.ttf");
const SERIES: [(&str, RGBColor); 4] = [
    ("Diterima", RGBColor(0x1f, 0x5f, 0x8b)),
    ("Selesai", RGBColor(0x2e, 0x8b, 0x57)),
    ("Dikembalikan", RGBColor(0xd4, 0x8a, 0x00)),
    ("Ditolak", RGBColor(0xc0, 0x39, 0x2b)),
];

fn font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if register_font("sans-serif", FontStyle::Normal, FONT).is_err() {
            tracing::warn!("chart font not registered");
        }
    });
}

fn failed(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("chart: {e}")
}

/// Four lines over the weeks: received, finished, returned, refused.
pub fn weeks(weeks: &[Flow]) -> anyhow::Result<String> {
    font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 300)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let top = weeks.iter().map(|w| w.received.max(w.finished).max(w.returned).max(w.rejected)).max().unwrap_or(0);
        let n = weeks.len().max(1);
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(32)
            .x_label_area_size(28)
            .y_label_area_size(44)
            .build_cartesian_2d(0..(n - 1).max(1), 0..(top + top / 10 + 1))
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_labels(n.min(13))
            .x_label_formatter(&|i| weeks.get(*i).map(|w| w.label.clone()).unwrap_or_default())
            .y_desc("permohonan")
            .label_style(("sans-serif", 12))
            .max_light_lines(1)
            .draw()
            .map_err(failed)?;
        let values: [fn(&Flow) -> u64; 4] = [|w| w.received, |w| w.finished, |w| w.returned, |w| w.rejected];
        for ((label, color), value) in SERIES.iter().zip(values) {
            chart
                .draw_series(LineSeries::new(
                    weeks.iter().enumerate().map(|(i, w)| (i, value(w))),
                    color.stroke_width(2),
                ))
                .map_err(failed)?
                .label(*label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(0xcc, 0xcc, 0xcc))
            .label_font(("sans-serif", 12))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// Bars: open requests by age.
pub fn backlog(ages: &[(String, u64)]) -> anyhow::Result<String> {
    font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let top = ages.iter().map(|a| a.1).max().unwrap_or(0);
        let labels: Vec<String> = ages.iter().map(|a| a.0.clone()).collect();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(32)
            .x_label_area_size(28)
            .y_label_area_size(44)
            .build_cartesian_2d((0..ages.len().saturating_sub(1)).into_segmented(), 0..(top + top / 10 + 1))
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(ages.len())
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .label_style(("sans-serif", 12))
            .max_light_lines(1)
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(
                Histogram::vertical(&chart)
                    .style(RGBColor(0x1f, 0x5f, 0x8b).filled())
                    .margin(18)
                    .data(ages.iter().enumerate().map(|(i, a)| (i, a.1))),
            )
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}
