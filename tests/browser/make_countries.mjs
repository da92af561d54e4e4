// One-off conversion of the review map's country boundaries (see web/README.md):
//   cd tests/browser && npm ci && npm run countries
// world-atlas's TopoJSON of Natural Earth's 1:50m Admin 0 countries -> GeoJSON with only the
// country name kept and coordinates rounded to 0.01 degree (about 1 km, finer than the 1:50m
// source's own detail), which keeps the file the page loads at about 1.5 MB instead of 4.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
const round = (x) => Math.round(x * 100) / 100;
const walk = (c) => (typeof c[0] === 'number' ? [round(c[0]), round(c[1])] : c.map(walk));
const countries = feature(topo, topo.objects.countries);
const out = {
  type: 'FeatureCollection',
  features: countries.features.map((f) => ({
    type: 'Feature',
    properties: { name: f.properties.name },
    geometry: { type: f.geometry.type, coordinates: walk(f.geometry.coordinates) },
  })),
};
process.stdout.write(JSON.stringify(out) + '\n');
