import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One series over the attempts, with an optional benchmark band behind it. */
export function TrendChart<T extends object>({
  data,
  dataKey,
  name,
  domain,
  band,
  summary,
}: {
  data: T[];
  dataKey: keyof T & string;
  name: string;
  domain?: [number, number];
  band?: { min?: number; max?: number };
  summary: string;
}) {
  return (
    <div className="chart" role="img" aria-label={`${name} trend. ${summary}`}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d8dde6" />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#4a5568' }} />
          <YAxis domain={domain ?? [0, 'auto']} tick={{ fontSize: 12, fill: '#4a5568' }} />
          {band && (band.min != null || band.max != null) && (
            <ReferenceArea y1={band.min ?? 0} y2={band.max} fill="#2f855a" fillOpacity={0.12} ifOverflow="extendDomain" label={{ value: 'benchmark', position: 'insideTopRight', fontSize: 11, fill: '#276749' }} />
          )}
          <Tooltip />
          <Line type="monotone" dataKey={dataKey} name={name} stroke="#2b6cb0" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
