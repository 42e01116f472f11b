/**
 * The places and names of the demo county: Ashford County, Illinois, a
 * fictional county in the corn belt between Springfield and Champaign. Its
 * towns, ZIP codes and companies are made up; phone numbers are in the 555-01xx
 * range reserved for fiction and emails use the reserved example.* domains, so
 * no demo record can reach a real person.
 */

export const COUNTY = { name: 'Ashford', state: 'IL', center: { lat: 40.06, lon: -89.12 } } as const;

export interface Town {
  name: string;
  /** ZIP codes from the town's north/west side to its south/east side. */
  zips: string[];
  lat: number;
  lon: number;
  /** Share of the county's in-town parcels. */
  share: number;
  /** Avenues running east–west; the middle one is the north/south divide. */
  avenues: number;
  /** Numbered streets running north–south. */
  streets: number;
  /** First two digits of its parcel numbers (the assessor's township). */
  township: string;
}

export const TOWNS: Town[] = [
  { name: 'Ashford', zips: ['62640', '62641', '62642'], lat: 40.061, lon: -89.118, share: 0.58, avenues: 24, streets: 30, township: '14' },
  { name: 'Millbrook', zips: ['62655'], lat: 40.171, lon: -89.262, share: 0.18, avenues: 12, streets: 16, township: '07' },
  { name: 'Prairie Grove', zips: ['62667'], lat: 39.958, lon: -88.961, share: 0.15, avenues: 10, streets: 14, township: '21' },
  { name: 'Carver', zips: ['62674'], lat: 40.226, lon: -88.984, share: 0.09, avenues: 8, streets: 10, township: '03' },
];

/** East–west avenues of the old town grids, outward from the middle. */
export const AVENUES = [
  'Main', 'Washington', 'Jefferson', 'Madison', 'Monroe', 'Jackson', 'Lincoln', 'Grant', 'Adams', 'Cleveland', 'Oak', 'Elm',
  'Walnut', 'Maple', 'Cherry', 'Locust', 'Hickory', 'Chestnut', 'Pine', 'Spruce', 'Mulberry', 'Sycamore', 'Willow', 'Poplar',
];
/** Suffix each avenue takes. */
export const AVENUE_SUFFIX = ['St', 'St', 'St', 'Ave', 'Ave', 'St', 'Ave', 'Ave', 'St', 'Ave', 'St', 'St', 'St', 'Ave', 'St', 'St', 'Ave', 'St', 'St', 'Ave', 'St', 'Ave', 'Ave', 'St'];

/** Curving streets of the post-war and newer subdivisions: [name, suffix]. */
export const SUBDIVISION_STREETS: [string, string][] = [
  ['Willow Creek', 'Dr'], ['Fox Run', 'Ct'], ['Quail Hollow', 'Ln'], ['Stonegate', 'Dr'], ['Prairie View', 'Ln'], ['Country Club', 'Rd'],
  ['Saint Andrews', 'Cir'], ['Old Mill', 'Rd'], ['Timber Ridge', 'Dr'], ['Meadowlark', 'Ln'], ['Cardinal', 'Ct'], ['Bluestem', 'Way'],
  ['Heritage', 'Pkwy'], ['Kensington', 'Pl'], ['Briarwood', 'Dr'], ['Deer Path', 'Ln'], ['Sunset', 'Blvd'], ['Cottonwood', 'Dr'],
  ['Redbud', 'Ln'], ['Wildflower', 'Ct'], ['Hawthorne', 'Dr'], ['Chapel Hill', 'Rd'], ['Brookside', 'Dr'], ['Sugar Maple', 'Ln'],
  ['Golfview', 'Dr'], ['Orchard', 'Ln'], ['Windsor', 'Ct'], ['Hunters Glen', 'Dr'], ['Cedar Ridge', 'Ct'], ['Aspen', 'Way'],
  ['Pheasant Run', 'Rd'], ['Autumn Trail', 'Dr'], ['Harvest', 'Ln'], ['Fairway', 'Dr'], ['Partridge', 'Pl'], ['Wheatfield', 'Ln'],
];
/** Streets along Lake Ashford, where the dearest homes and the condominiums are. */
export const LAKE_STREETS: [string, string][] = [['Lakeview', 'Dr'], ['Lake Shore', 'Dr'], ['Harbor Point', 'Ct'], ['Bay Hill', 'Rd'], ['Sailboat', 'Ln']];

export const MALE_NAMES = [
  'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Charles', 'Christopher', 'Daniel',
  'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua', 'Kenneth', 'Kevin', 'Brian', 'George', 'Timothy',
  'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan', 'Jacob', 'Gary', 'Nicholas', 'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin',
  'Scott', 'Brandon', 'Benjamin', 'Samuel', 'Gregory', 'Frank', 'Raymond', 'Patrick', 'Dennis', 'Jerry', 'Tyler', 'Aaron',
  'Jose', 'Henry', 'Douglas', 'Peter', 'Adam', 'Nathan', 'Zachary', 'Walter', 'Kyle', 'Harold', 'Carl', 'Jeremy', 'Keith',
  'Roger', 'Gerald', 'Ethan', 'Arthur', 'Terry', 'Christian', 'Sean', 'Lawrence', 'Austin', 'Joe', 'Noah', 'Jesse', 'Albert',
  'Bryan', 'Billy', 'Bruce', 'Willie', 'Jordan', 'Dylan', 'Alan', 'Ralph', 'Gabriel', 'Roy', 'Juan', 'Wayne', 'Eugene', 'Logan',
  'Randy', 'Louis', 'Russell', 'Vincent', 'Philip', 'Bobby', 'Johnny', 'Bradley', 'Dale', 'Craig', 'Earl', 'Howard', 'Luis',
];
export const FEMALE_NAMES = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Lisa', 'Nancy',
  'Betty', 'Sandra', 'Margaret', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle', 'Carol', 'Amanda', 'Melissa', 'Deborah',
  'Stephanie', 'Dorothy', 'Rebecca', 'Sharon', 'Laura', 'Cynthia', 'Amy', 'Kathleen', 'Angela', 'Shirley', 'Brenda', 'Emma',
  'Anna', 'Pamela', 'Nicole', 'Samantha', 'Katherine', 'Christine', 'Helen', 'Debra', 'Rachel', 'Carolyn', 'Janet', 'Maria',
  'Catherine', 'Heather', 'Diane', 'Olivia', 'Julie', 'Joyce', 'Victoria', 'Ruth', 'Virginia', 'Lauren', 'Kelly', 'Christina',
  'Joan', 'Evelyn', 'Judith', 'Andrea', 'Hannah', 'Megan', 'Cheryl', 'Jacqueline', 'Martha', 'Madison', 'Teresa', 'Gloria',
  'Sara', 'Janice', 'Ann', 'Kathryn', 'Abigail', 'Sophia', 'Frances', 'Jean', 'Alice', 'Judy', 'Isabella', 'Julia', 'Grace',
  'Amber', 'Denise', 'Danielle', 'Marilyn', 'Beverly', 'Charlotte', 'Natalie', 'Theresa', 'Diana', 'Brittany', 'Doris', 'Kayla',
  'Alexis', 'Lori', 'Marie', 'Norma', 'Tammy', 'Peggy', 'Connie', 'Wanda', 'Joann', 'Rosa', 'Gail', 'Lois', 'Phyllis',
];
export const SURNAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Garcia', 'Rodriguez', 'Wilson', 'Martinez', 'Anderson',
  'Taylor', 'Thomas', 'Hernandez', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Lopez', 'Lee', 'Gonzalez', 'Harris',
  'Clark', 'Lewis', 'Robinson', 'Walker', 'Perez', 'Hall', 'Young', 'Allen', 'Sanchez', 'Wright', 'King', 'Scott', 'Green',
  'Baker', 'Adams', 'Nelson', 'Hill', 'Ramirez', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner',
  'Torres', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Flores', 'Morris', 'Nguyen', 'Murphy', 'Rivera', 'Cook', 'Rogers',
  'Morgan', 'Peterson', 'Cooper', 'Reed', 'Bailey', 'Bell', 'Gomez', 'Kelly', 'Howard', 'Ward', 'Cox', 'Diaz', 'Richardson',
  'Wood', 'Watson', 'Brooks', 'Bennett', 'Gray', 'James', 'Reyes', 'Cruz', 'Hughes', 'Price', 'Myers', 'Long', 'Foster',
  'Sanders', 'Ross', 'Morales', 'Powell', 'Sullivan', 'Russell', 'Ortiz', 'Jenkins', 'Gutierrez', 'Perry', 'Butler', 'Barnes',
  'Fisher', 'Henderson', 'Coleman', 'Simmons', 'Patterson', 'Jordan', 'Reynolds', 'Hamilton', 'Graham', 'Kim', 'Wallace',
  'Schmidt', 'Schneider', 'Meyer', 'Weber', 'Becker', 'Hoffman', 'Koch', 'Wagner', 'Zimmerman', 'Kowalski', 'Nowak',
  "O'Brien", 'McDonald', 'McCarthy', 'Sullivan', 'Novak', 'Dvorak', 'Hartman', 'Brandt', 'Stahl', 'Vogel', 'Kaiser',
  'Lindquist', 'Olson', 'Larson', 'Hansen', 'Jensen', 'Petersen', 'Nielsen', 'Garcia-Lopez', 'De La Cruz', 'Van Meter',
  'Harrison', 'Gibson', 'Ellis', 'Stevens', 'Tucker', 'Porter', 'Hunter', 'Hicks', 'Crawford', 'Boyd', 'Mason', 'Warren',
  'Dixon', 'Burns', 'Gordon', 'Shaw', 'Holmes', 'Rice', 'Hunt', 'Black', 'Daniels', 'Palmer', 'Mills', 'Grant', 'Knight',
];

/** Words that make up the investors' company names. */
export const COMPANY_FIRST = [
  'Prairie State', 'Lincoln Land', 'Heartland', 'Red Barn', 'Corn Belt', 'Midwest', 'Sangamo', 'Ashford', 'Blue Sky', 'Keystone',
  'Silver Oak', 'Iron Horse', 'Cardinal', 'Northstar', 'Riverbend', 'Golden Harvest', 'Main Street', 'Crossroads', 'Summit',
  'Bluestem', 'Timberline', 'Lakeside', 'Capital City', 'Twin Oaks', 'Meadowbrook', 'Cornerstone', 'Fulcrum', 'Pioneer',
];
export const COMPANY_SECOND = [
  'Holdings', 'Properties', 'Rentals', 'Investments', 'Realty Group', 'Home Buyers', 'Property Management', 'Real Estate',
  'Housing', 'Capital', 'Ventures', 'Equity Partners', 'Homes',
];
export const COMPANY_DESIGNATOR: [string, number][] = [['LLC', 80], ['Inc', 10], ['LP', 5], ['Corp', 5]];

export const LENDERS = [
  'Wells Fargo Bank NA', 'US Bank NA', 'JPMorgan Chase Bank NA', 'Busey Bank', 'Regions Bank', 'Heartland Bank and Trust Co',
  'First Mid Bank and Trust NA', 'Rocket Mortgage LLC', 'Freedom Mortgage Corp', 'Lakeview Loan Servicing LLC',
];
/** Lender-owned (REO) parcels, spelled as the county writes them. */
export const REO_OWNERS = ['US BANK NA', 'WELLS FARGO BANK NA', 'FEDERAL NATIONAL MORTGAGE ASSN', 'FEDERAL HOME LOAN MORTGAGE CORP', 'SECRETARY OF HOUSING AND URBAN DEVELOPMENT'];
export const PUBLIC_OWNERS = ['CITY OF ASHFORD', 'ASHFORD COUNTY', 'VILLAGE OF MILLBROOK', 'ASHFORD PARK DISTRICT', 'ASHFORD HOUSING AUTHORITY'];
export const CHURCH_OWNERS = [
  'FIRST BAPTIST CHURCH OF ASHFORD', 'SAINT MARYS CATHOLIC CHURCH', 'GRACE LUTHERAN CHURCH', 'FIRST UNITED METHODIST CHURCH',
  'MILLBROOK CHRISTIAN CHURCH', 'NEW HOPE MINISTRIES',
];

/**
 * Where absentee owners live: [city, state, ZIP, street lines to draw from, area code].
 * Street addresses are made up; they only have to read as addresses.
 */
export const AWAY_PLACES: { city: string; state: string; zip: string; streets: string[]; areaCode: string; weight: number }[] = [
  { city: 'Springfield', state: 'IL', zip: '62704', streets: ['Chatham Rd', 'W Washington St', 'S MacArthur Blvd', 'Wabash Ave'], areaCode: '217', weight: 14 },
  { city: 'Champaign', state: 'IL', zip: '61820', streets: ['W Green St', 'S Neil St', 'Prospect Ave', 'W Kirby Ave'], areaCode: '217', weight: 10 },
  { city: 'Decatur', state: 'IL', zip: '62521', streets: ['E Eldorado St', 'N Water St', 'W Pershing Rd'], areaCode: '217', weight: 8 },
  { city: 'Bloomington', state: 'IL', zip: '61701', streets: ['E Washington St', 'N Main St', 'Veterans Pkwy'], areaCode: '309', weight: 7 },
  { city: 'Peoria', state: 'IL', zip: '61614', streets: ['N Knoxville Ave', 'W War Memorial Dr', 'N University St'], areaCode: '309', weight: 6 },
  { city: 'Chicago', state: 'IL', zip: '60614', streets: ['N Clark St', 'W Fullerton Ave', 'N Lincoln Ave', 'N Halsted St'], areaCode: '773', weight: 12 },
  { city: 'Naperville', state: 'IL', zip: '60540', streets: ['S Washington St', 'W Jefferson Ave', 'E Ogden Ave'], areaCode: '630', weight: 6 },
  { city: 'Saint Louis', state: 'MO', zip: '63110', streets: ['Manchester Ave', 'S Kingshighway Blvd', 'Arsenal St'], areaCode: '314', weight: 6 },
  { city: 'Indianapolis', state: 'IN', zip: '46220', streets: ['E 62nd St', 'N College Ave', 'Allisonville Rd'], areaCode: '317', weight: 4 },
  { city: 'Scottsdale', state: 'AZ', zip: '85251', streets: ['N Scottsdale Rd', 'E Camelback Rd', 'N Hayden Rd'], areaCode: '480', weight: 4 },
  { city: 'Naples', state: 'FL', zip: '34102', streets: ['Gulf Shore Blvd N', '5th Ave S', 'Crayton Rd'], areaCode: '239', weight: 4 },
  { city: 'Dallas', state: 'TX', zip: '75204', streets: ['McKinney Ave', 'N Haskell Ave', 'Cedar Springs Rd'], areaCode: '214', weight: 3 },
  { city: 'Denver', state: 'CO', zip: '80206', streets: ['E Colfax Ave', 'N Josephine St', 'E 6th Ave'], areaCode: '303', weight: 3 },
  { city: 'Nashville', state: 'TN', zip: '37203', streets: ['Broadway', 'Division St', '12th Ave S'], areaCode: '615', weight: 2 },
];

/** Area codes of the owners' cell phones besides their home area's. */
export const PHONE_AREA_CODES = [
  '217', '309', '312', '618', '630', '708', '773', '815', '847', '872', '224', '331', '779', '314', '317', '480', '239', '214',
  '303', '615', '404', '612', '414', '515', '319', '563', '636', '812', '765', '269',
];

export const INSPECTORS = ['R. Dawson', 'K. Mueller', 'T. Okafor', 'S. Lindgren', 'J. Park'];
export const VIOLATIONS = [
  'Tall grass / weeds', 'Junk and debris in yard', 'Inoperable vehicle', 'Roof in disrepair', 'Broken windows',
  'Peeling paint', 'Unsafe structure', 'Accumulation of trash', 'Missing house numbers', 'Boarded openings', 'Sidewalk not cleared',
  'Gutters detached', 'Rodent harborage', 'Fence in disrepair', 'Water shut off - occupied',
];
export const DRIVE_BY_NOTES = [
  'Overgrown yard', 'Boarded up', 'Mail piling up', 'Tarp on roof', 'Utilities off', 'No curtains, looks empty', 'Broken window',
  'Peeling paint', 'Code notice on door', 'Cars gone for weeks', 'Gutters falling', 'Neighbor says vacant 1 yr', 'Fire damage',
  'Foundation cracks', 'Porch collapsing', 'Pool green',
];
