/**
 * Where the demo county's parcels lie: old town grids (numbered streets north–
 * south, named avenues east–west, house numbers by the block), curving
 * subdivision streets, the lake with its condominiums, downtown lofts, mobile
 * home parks, and farms on the county-road grid.
 */
import { AVENUES, AVENUE_SUFFIX, COUNTY, LAKE_STREETS, SUBDIVISION_STREETS, TOWNS, type Town } from './county-words.js';
import { addressOf, clamp, streetLine, type DemoAddress, type Neighborhood, type Place } from './county-model.js';
import type { Random } from './seeded-random.js';

/** Degrees per town block (about 200 m north–south, 210 m east–west at this latitude). */
const BLOCK_LAT = 0.0018;
const BLOCK_LON = 0.0025;

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

class Layout {
  readonly places: Place[] = [];
  private readonly taken = new Set<string>();

  constructor(private readonly rnd: Random) {}

  add(place: Place): boolean {
    const key = `${place.address.zip}|${streetLine(place.address).toUpperCase()}`;
    if (this.taken.has(key)) return false;
    this.taken.add(key);
    this.places.push(place);
    return true;
  }

  /** Ashford's ZIP by side of town: north 62640, south 62641, east and the newer edges 62642. */
  zipOf(town: Town, x: number, y: number, edge = false): string {
    if (town.zips.length === 1) return town.zips[0]!;
    if (edge || x > town.streets / 4) return town.zips[2]!;
    return y >= 0 ? town.zips[0]! : town.zips[1]!;
  }

  oldGrid(town: Town, count: number): void {
    const rnd = this.rnd;
    const halfX = Math.floor(town.streets / 2);
    const halfY = Math.floor(town.avenues / 2);
    for (let added = 0, tries = 0; added < count && tries < count * 50; tries++) {
      const x = clamp(Math.round(rnd.normal() * halfX * 0.45), -halfX, halfX);
      const y = clamp(Math.round(rnd.normal() * halfY * 0.45), -halfY, halfY);
      const lot = rnd.int(24);
      const side = rnd.int(2);
      const r = Math.hypot(x / halfX, y / halfY);
      const neighborhood: Neighborhood =
        r < 0.22 ? 'downtown' : y > 1 && r < 0.55 && x < 0 ? 'historic' : r < 0.7 ? 'old town' : 'midcentury';
      let address: DemoAddress;
      let latitude: number;
      let longitude: number;
      const zip = this.zipOf(town, x, y);
      if (rnd.chance(0.55)) {
        // On a numbered street (north–south): numbered by blocks from Main.
        const street = x + halfX + 1;
        address = addressOf({
          number: String(Math.abs(y) * 100 + 2 + 2 * lot + side),
          predir: y >= 0 ? 'N' : 'S',
          street: ordinal(street),
          suffix: 'St',
          city: town.name,
          zip,
        });
        latitude = town.lat + Math.sign(y || 1) * (Math.abs(y) + lot / 24) * BLOCK_LAT;
        longitude = town.lon + (x + (side ? 0.08 : -0.08)) * BLOCK_LON;
      } else {
        // On an avenue (east–west): numbered by blocks from the meridian.
        const index = y === 0 ? 0 : y > 0 ? y : halfY + Math.abs(y);
        address = addressOf({
          number: String(Math.abs(x) * 100 + 2 + 2 * lot + side),
          predir: x >= 0 ? 'E' : 'W',
          street: AVENUES[index % AVENUES.length]!,
          suffix: AVENUE_SUFFIX[index % AVENUES.length]!,
          city: town.name,
          zip,
        });
        latitude = town.lat + (y + (side ? 0.08 : -0.08)) * BLOCK_LAT;
        longitude = town.lon + Math.sign(x || 1) * (Math.abs(x) + lot / 24) * BLOCK_LON;
      }
      if (this.add({ address, latitude, longitude, town, neighborhood })) added++;
    }
  }

  subdivisions(town: Town, streets: [string, string][], count: number): void {
    const rnd = this.rnd;
    const perStreet = Math.ceil(count / streets.length);
    let added = 0;
    for (const [name, suffix] of streets) {
      const angle = rnd.next() * 2 * Math.PI;
      const radius = (town.avenues / 2 + 2 + rnd.next() * 5) * BLOCK_LAT;
      const centerLat = town.lat + Math.sin(angle) * radius;
      const centerLon = town.lon + (Math.cos(angle) * radius * BLOCK_LON) / BLOCK_LAT;
      const heading = rnd.next() * Math.PI;
      const era: Neighborhood = rnd.weighted([
        ['midcentury', 2],
        ['suburban', 5],
        ['new', 3],
      ] as const);
      const base = rnd.pick([100, 200, 1000, 2000, 3000]);
      const zip = this.zipOf(town, Math.cos(angle) * town.streets, Math.sin(angle) * town.avenues, true);
      for (let k = 0; k < perStreet * 1.6 && added < count; k++) {
        const number = base + 2 * rnd.int(perStreet * 2) + rnd.int(2);
        const t = (number - base) / (perStreet * 4) - 0.5;
        const address = addressOf({ number: String(number), street: name, suffix, city: town.name, zip });
        if (
          this.add({
            address,
            latitude: centerLat + Math.sin(heading) * t * 0.012,
            longitude: centerLon + Math.cos(heading) * t * 0.016,
            town,
            neighborhood: era,
          })
        )
          added++;
      }
    }
  }

  lake(town: Town, houses: number, condoUnits: number): void {
    const rnd = this.rnd;
    const zip = town.zips.at(-1)!;
    const lakeLat = town.lat + 0.004;
    const lakeLon = town.lon + 0.05;
    let added = 0;
    for (let tries = 0; added < houses && tries < houses * 30; tries++) {
      const [street, suffix] = rnd.pick(LAKE_STREETS);
      const number = 1000 + 10 * rnd.int(300);
      const angle = ((number - 1000) / 3000) * 2 * Math.PI;
      const address = addressOf({ number: String(number), street, suffix, city: town.name, zip });
      if (
        this.add({
          address,
          latitude: lakeLat + Math.sin(angle) * 0.012,
          longitude: lakeLon + Math.cos(angle) * 0.016,
          town,
          neighborhood: 'lake',
        })
      )
        added++;
    }
    // Condominium buildings on the two lake drives: units 101–1xx, 201–2xx….
    for (let building = 0, unitsLeft = condoUnits; unitsLeft > 0; building++) {
      const [street, suffix] = LAKE_STREETS[building % 2]!;
      const number = String(2200 + 20 * building);
      const floors = rnd.between(2, 4);
      const perFloor = Math.min(rnd.between(6, 12), Math.ceil(unitsLeft / floors));
      const year = rnd.between(1986, 2008);
      const angle = rnd.next() * 2 * Math.PI;
      for (let floor = 1; floor <= floors && unitsLeft > 0; floor++) {
        for (let u = 1; u <= perFloor && unitsLeft > 0; u++) {
          const address = addressOf({
            number,
            street,
            suffix,
            unitType: 'Unit',
            unit: `${floor}${String(u).padStart(2, '0')}`,
            city: town.name,
            zip,
          });
          if (
            this.add({
              address,
              latitude: lakeLat + Math.sin(angle) * 0.011,
              longitude: lakeLon + Math.cos(angle) * 0.015,
              town,
              neighborhood: 'lake',
              fixedType: 'Condo',
              buildingYear: year,
            })
          )
            unitsLeft--;
        }
      }
    }
  }

  /** Old warehouses downtown turned into lofts: "120 S 4th St Apt 2A". */
  lofts(town: Town, units: number): void {
    const rnd = this.rnd;
    for (let building = 0, unitsLeft = units; unitsLeft > 0 && building < 40; building++) {
      const y = rnd.between(-2, 2);
      const x = rnd.between(-2, 2);
      const address0 = addressOf({
        number: String(Math.abs(y) * 100 + 10 + 10 * rnd.int(8)),
        predir: y >= 0 ? 'N' : 'S',
        street: ordinal(x + Math.floor(town.streets / 2) + 1),
        suffix: 'St',
        city: town.name,
        zip: this.zipOf(town, x, y),
      });
      const year = rnd.between(1895, 1928);
      for (let floor = 2; floor <= 5 && unitsLeft > 0; floor++) {
        for (const letter of ['A', 'B', 'C', 'D', 'E', 'F']) {
          if (unitsLeft === 0) break;
          const address = { ...address0, unitType: 'Apt' as const, unit: `${floor}${letter}` };
          if (
            this.add({
              address,
              latitude: town.lat + y * BLOCK_LAT,
              longitude: town.lon + x * BLOCK_LON,
              town,
              neighborhood: 'downtown',
              fixedType: 'Condo',
              buildingYear: year,
            })
          )
            unitsLeft--;
        }
      }
    }
  }

  mobileHomePark(town: Town, route: string, direction: string, number: string, lots: number): void {
    const zip = town.zips.length > 1 ? town.zips[1]! : town.zips[0]!;
    for (let lot = 1; lot <= lots; lot++) {
      const address = addressOf({ number, predir: direction, street: route, unitType: 'Lot', unit: String(lot), city: town.name, zip });
      this.add({
        address,
        latitude: town.lat - 0.02 + (lot % 12) * 0.0003,
        longitude: town.lon - 0.03 + Math.floor(lot / 12) * 0.0004,
        town,
        neighborhood: 'park',
        fixedType: 'Mobile Home',
      });
    }
  }

  /** Farms and houses on the county-road grid, numbered in miles from the county's south-west corner. */
  rural(count: number): void {
    const rnd = this.rnd;
    const south = COUNTY.center.lat - 0.22;
    const west = COUNTY.center.lon - 0.3;
    for (let added = 0, tries = 0; added < count && tries < count * 30; tries++) {
      const eastWest = rnd.chance(0.5);
      const mile = rnd.between(1, 30);
      const position = rnd.next();
      let latitude: number;
      let longitude: number;
      let road: string;
      let postdir: string;
      let number: number;
      if (eastWest) {
        latitude = south + mile * 0.0145;
        longitude = west + position * 0.6;
        road = `County Road ${mile * 100}`;
        postdir = 'N';
        number = 1000 + Math.round(position * 2990);
      } else {
        latitude = south + position * 0.44;
        longitude = west + mile * 0.019;
        road = `County Road ${mile * 100}`;
        postdir = 'E';
        number = 1000 + Math.round(position * 2990);
      }
      const town = nearestTown(latitude, longitude);
      if (Math.hypot(latitude - town.lat, (longitude - town.lon) * 0.75) < 0.03) continue; // inside a town
      const address = addressOf({ number: String(number), street: road, postdir, city: town.name, zip: town.zips[0]! });
      if (this.add({ address, latitude, longitude, town, neighborhood: 'rural' })) added++;
    }
  }
}

function nearestTown(lat: number, lon: number): Town {
  let best = TOWNS[0]!;
  let distance = Infinity;
  for (const town of TOWNS) {
    const d = Math.hypot(lat - town.lat, (lon - town.lon) * 0.75);
    if (d < distance) [best, distance] = [town, d];
  }
  return best;
}

/** `total` places with unique addresses, spread over the towns by their share and the countryside. */
export function layOutParcels(rnd: Random, total: number): Place[] {
  const layout = new Layout(rnd);
  const rural = Math.round(total * 0.12);
  const inTown = total - rural;
  const subdivisionStreets = rnd.shuffle([...SUBDIVISION_STREETS]);
  const streetShares = [16, 8, 7, 5];
  let streetFrom = 0;
  TOWNS.forEach((town, i) => {
    const count = Math.round(inTown * town.share);
    const streets = subdivisionStreets.slice(streetFrom, streetFrom + streetShares[i]!);
    streetFrom += streetShares[i]!;
    let rest = count;
    if (town.name === 'Ashford') {
      const lakeHouses = Math.round(count * 0.04);
      const lakeCondos = Math.round(count * 0.075);
      const lofts = Math.round(count * 0.03);
      const park = Math.round(count * 0.025);
      layout.lake(town, lakeHouses, lakeCondos);
      layout.lofts(town, lofts);
      layout.mobileHomePark(town, 'Route 36', 'W', '4500', park);
      rest -= lakeHouses + lakeCondos + lofts + park;
    } else if (town.name === 'Prairie Grove') {
      const park = Math.round(count * 0.04);
      layout.mobileHomePark(town, 'Route 10', 'E', '1800', park);
      rest -= park;
    } else if (town.name === 'Millbrook') {
      const lofts = Math.round(count * 0.03);
      layout.lofts(town, lofts);
      rest -= lofts;
    }
    const subdivided = Math.round(rest * 0.42);
    layout.subdivisions(town, streets, subdivided);
    layout.oldGrid(town, rest - subdivided);
  });
  layout.rural(total - layout.places.length);
  // Collisions can leave a few short: top up on the rural grid.
  while (layout.places.length < total) layout.rural(total - layout.places.length);
  return layout.places.slice(0, total);
}
