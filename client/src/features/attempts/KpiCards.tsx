import type { Schemas } from '../../api/client';
import { bandPosition, bandText, formatKpi, gaugeScale, kpiInfo, positionText, ratioText, type KpiBand } from '../../lib/kpi';

/** Each KPI of a call against its benchmark band, as a card with a small gauge. */
export function KpiCards({ bands, kpis }: { bands: KpiBand[]; kpis: Schemas['ConversationKpisDto'] }) {
  if (bands.length === 0) return <p className="muted">No KPIs were measured for this call.</p>;
  return (
    <ul className="kpi-grid">
      {bands.map((band) => (
        <li key={band.metric}>
          <KpiCard band={band} kpis={kpis} />
        </li>
      ))}
    </ul>
  );
}

export function KpiCard({ band, kpis }: { band: KpiBand; kpis?: Schemas['ConversationKpisDto'] }) {
  const info = kpiInfo[band.metric];
  const position = bandPosition(band);
  const scale = gaugeScale(band);
  const isRatio = band.metric === 'talk_ratio';
  const headingId = `kpi-${band.metric}`;
  return (
    <article className={`kpi-card kpi-${position}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{info.label}</h3>
      <p className="kpi-value">
        {isRatio ? (kpis?.talkListenRatio ?? ratioText(band.value)) : formatKpi(band.metric, band.value)}
        {isRatio && <span className="small muted"> you : buyer</span>}
      </p>
      <p className={`kpi-position kpi-position-${position}`}>
        <span aria-hidden="true">{position === 'within' ? '✓' : position === 'above' ? '▲' : '▼'}</span> {positionText(band)}
      </p>
      <div className="gauge" aria-hidden="true">
        <div className="gauge-band" style={{ left: `${scale.from}%`, width: `${Math.max(1, scale.to - scale.from)}%` }} />
        {scale.target != null && <div className="gauge-target" style={{ left: `${scale.target}%` }} />}
        <div className="gauge-value" style={{ left: `${scale.value}%` }} />
      </div>
      <p className="small">
        Benchmark: {isRatio ? `${bandText(band)}` : bandText(band)}
      </p>
      <p className="small muted">{info.help}</p>
      {band.metric === 'filler_words_per_minute' && kpis && kpis.fillerWords.length > 0 && (
        <p className="small">Heard: {kpis.fillerWords.map((f) => `"${f.word}" ×${f.count}`).join(', ')}</p>
      )}
      <details className="small">
        <summary>Source</summary>
        {band.source}
      </details>
    </article>
  );
}
