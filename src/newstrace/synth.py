"""A deterministic generator of synthetic news articles, for benchmarks and tests.

Each story has a topic (one of about fifty: an earthquake, an election, a ferry grounding, a football
transfer, ...) with its own words, and its own invented places, people, organisations and figures, so
a sentence encoder tells stories apart much as it does on real news: copies of one story read alike,
and two stories of one topic share the subject but not the names or the numbers. Page chrome is added
the way scrapers leave it, so cleaning has real work to do. The same seed always gives the same text.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Any

_CHROME = ("[ad_1]", "Advertisement", "Share this article", "Read more", "Source link", "COMMENTS",
           "Sign up to our newsletter for the latest news", "Most read in News")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CURRENCIES = ("euros", "dollars", "pounds", "francs")
FIRST_DAY = date(2024, 1, 1)  # stories are dated from here on
STORIES_PER_DAY = 20  # a bigger corpus covers more days, as a bigger news archive does

# --- invented names, from syllables -----------------------------------------------------------------

_ONSETS = ("Ab Al Am Ar Ash Bal Bar Bel Bren Cal Cor Dal Dar Dun El Ev Fal Fen Gar Gil Hal Har Il Jar Kal "
           "Kel Kir Lan Lor Mal Mar Mel Mor Nor Ol Or Pel Quen Ral Ros Sal Sel Tal Tor Ul Val Ven Wes Yar "
           "Zel").split()
_MIDDLES = ("", "a", "e", "i", "o", "en", "ar", "il")
_PLACE_ENDS = "by ton mouth ford field wick more dale stead port ria ana ovo ez ach heim lund ville burg haven " \
              "bridge gate mere sk".split()
_REGION_ENDS = "land shire ia ara eth mark onia ova".split()
_FIRST_STARTS = "A Be Ca Da E Fa Ga Ha I Jo Ka Le Ma Ni O Pa Ra Sa Te Vi Ya Zo".split()
_FIRST_ENDS = "na lin ra mon ris dan ssa vin ko lia ren tta mir del sha".split()
_SURNAME_ENDS = "son ner vik ez ova ski well ard holm ani ari er ley ton ing".split()


def _stem(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_MIDDLES)


def place_name(rng: random.Random) -> str:
    return _stem(rng) + rng.choice(_PLACE_ENDS)


def region_name(rng: random.Random) -> str:
    return _stem(rng) + rng.choice(_REGION_ENDS)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_STARTS)}{rng.choice(_FIRST_ENDS)} {_stem(rng)}{rng.choice(_SURNAME_ENDS)}"


# --- topics ------------------------------------------------------------------------------------------
# Templates name a story's fixed parts in braces: {place} {place2} {region} {person} {person2} {person3}
# {surname} {surname2} {surname3} {role} {role2} {role3} {body} {body2} {org} {day} {n1} {n2} {cash} {mag}
# {pct} {small} {year} {age} {score}; and parts drawn afresh each time: {noun} {noun2} {verb} {adj}
# {groups} {num}.  Verbs are past tenses taking an object; nouns are singular; groups are plural.


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    titles: tuple[str, ...]
    leads: tuple[str, ...]  # opening sentences
    facts: tuple[str, ...]  # sentences only this topic uses
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]
    adjectives: tuple[str, ...]
    groups: tuple[str, ...]
    roles: tuple[str, ...]
    bodies: tuple[str, ...]
    orgs: tuple[str, ...]  # patterns of organisation names, {name} an invented word


def _topic(name: str, titles: str, leads: str, facts: str, nouns: str, verbs: str, adjectives: str, groups: str,
           roles: str, bodies: str, orgs: str = "{name} Group|{name} Holdings") -> Topic:
    def split(text: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in text.split("|"))

    return Topic(name, split(titles), split(leads), split(facts), split(nouns), split(verbs), split(adjectives),
                 split(groups), split(roles), split(bodies), split(orgs))


TOPICS: tuple[Topic, ...] = (
    _topic(
        "earthquake",
        "Magnitude {mag} earthquake strikes near {place}|Earthquake damages {n1} buildings across {region}"
        "|{place} residents sleep outdoors after strong quake",
        "A magnitude {mag} earthquake struck near {place} in {region} on {day}, damaging at least {n1} buildings "
        "and sending residents running into the streets, {body} said."
        "|Rescue teams in {region} dug through collapsed homes on {day} after an earthquake centred near {place} "
        "killed {small} people and injured {n1}, according to {body}."
        "|Thousands of people in {place} spent {day} night outdoors after a strong earthquake shook {region}, "
        "cutting power and cracking roads across the valley.",
        "The quake struck at a depth of {small} kilometres, about {n1} kilometres from {place2}."
        "|More than {num} aftershocks were recorded in the hours that followed, {surname} said."
        "|Schools in {place} will stay closed until engineers have checked every classroom for cracks."
        "|The last earthquake of this strength in {region} was in {year}."
        "|Field hospitals were set up in the car park of the stadium in {place2}.",
        "aftershock|epicentre|tremor|rubble|fault line|shelter|building code|seismograph|evacuation|crack"
        "|foundation|ground floor",
        "searched|cleared|inspected|evacuated|reinforced|monitored|recorded|surveyed",
        "shallow|violent|deadly|powerful|sudden|unstable|structural|seismic",
        "rescue teams|seismologists|engineers|displaced families",
        "head of the regional seismology office|civil protection chief|structural engineer|mayor of {place}",
        "the national seismological institute|the civil protection agency|the regional emergency service"),
    _topic(
        "flood",
        "Floods cut off {place} as river bursts its banks|Thousands evacuated as floodwater rises in {region}"
        "|{place} counts cost of worst flooding since {year}",
        "Floodwater swept through the centre of {place} on {day} after the river burst its banks following {small} "
        "days of heavy rain, forcing {n1} people from their homes, {body} said."
        "|Emergency crews in {region} used boats to reach stranded families on {day} as rising water cut off "
        "{place} and several villages nearby."
        "|Residents of {place} began pumping water out of cellars and shops on {day}, a day after the worst "
        "flooding in {region} since {year}.",
        "The river at {place2} peaked at {mag} metres above its normal level."
        "|Sandbags were handed out at the fire station, where volunteers filled {n2} of them overnight."
        "|Insurers said claims could reach {cash}."
        "|Rail services between {place} and {place2} were suspended because of water on the line.",
        "riverbank|levee|floodwater|sandbag|cellar|pumping station|flood barrier|rainfall|embankment"
        "|drainage channel|evacuation centre",
        "pumped|reinforced|evacuated|patrolled|cleared|monitored|rescued|checked",
        "swollen|muddy|relentless|low-lying|waterlogged|torrential|rising",
        "volunteers|firefighters|farmers|shopkeepers",
        "head of the flood response|river authority engineer|mayor of {place}|emergency planning officer",
        "the river authority|the national weather service|the {region} emergency office"),
    _topic(
        "wildfire",
        "Wildfire forces evacuation of {place}|Firefighters battle blaze on hills above {place}"
        "|{region} wildfire destroys {n1} homes",
        "A wildfire fanned by strong winds forced the evacuation of {place} on {day} as flames spread across {n2} "
        "hectares of dry forest in {region}, {body} said."
        "|Firefighters in {region} struggled on {day} to contain a blaze in the hills above {place}, where {n1} "
        "homes have been destroyed since the fire began."
        "|Smoke from a forest fire near {place} closed schools and a main road on {day}, and aircraft dropped "
        "water on the flames through the afternoon.",
        "Water-bombing aircraft made {num} runs over the ridge before dark."
        "|The fire is believed to have started near a campsite outside {place2}."
        "|Temperatures in {region} have stayed above 35 degrees for more than a week."
        "|About {n1} firefighters were deployed, {surname} said.",
        "blaze|firebreak|ember|pine forest|smoke plume|hillside|water bomber|fire line|ash cloud"
        "|containment line|scrubland",
        "contained|battled|evacuated|doused|cleared|patrolled|monitored|protected",
        "dry|scorched|fierce|smouldering|wind-driven|charred|uncontrolled",
        "firefighters|evacuees|forest rangers|campers",
        "regional fire chief|forest service spokesperson|mayor of {place}|incident commander",
        "the forest fire service|the civil defence agency|the {region} fire brigade"),
    _topic(
        "storm",
        "Storm brings down trees and power lines in {region}|{n2} homes without power after storm hits {place}"
        "|Gale-force winds shut ports along the {region} coast",
        "A storm with gusts of up to {n1} kilometres an hour tore through {region} on {day}, bringing down trees "
        "and power lines and leaving {n2} homes without electricity."
        "|Ferries and flights from {place} were cancelled on {day} as gale-force winds battered the coast of "
        "{region}, {body} said."
        "|Crews worked through {day} night to restore power in {place} after a storm ripped roofs from houses "
        "and flooded several streets.",
        "The weather service had issued its highest warning for {region} the day before."
        "|A falling tree crushed two cars on the main road into {place2}."
        "|Power company crews expected most homes to be reconnected within {small} days."
        "|Waves of up to {small} metres were measured at the harbour wall.",
        "gust|power line|roof|storm surge|fallen tree|weather warning|harbour wall|substation|coastline|downpour",
        "repaired|cleared|reconnected|secured|closed|inspected|restored|cancelled",
        "gale-force|violent|stormy|battered|fierce|exposed|coastal",
        "power crews|coastguard teams|ferry passengers|homeowners",
        "forecaster at the weather service|head of the power network|harbour master|mayor of {place}",
        "the national weather service|the regional power company|the coastguard"),
    _topic(
        "drought",
        "{region} farmers warn of losses as drought deepens|Heatwave pushes temperatures to record in {place}"
        "|Water restrictions ordered in {place} after dry summer",
        "Temperatures in {place} reached a record for the month on {day} as a heatwave settled over {region}, "
        "and {body} urged older people to stay indoors."
        "|Farmers in {region} said on {day} that the driest summer since {year} had cut their harvests by as much "
        "as {pct} percent."
        "|The water company serving {place} ordered a ban on garden hoses and car washing on {day} after "
        "reservoir levels fell to {pct} percent.",
        "Hospitals in {place2} reported a rise in patients treated for heatstroke."
        "|Reservoir levels are {small} metres below their usual height for the time of year."
        "|Cooling centres opened in {n1} public libraries."
        "|The last comparable drought, in {year}, forced rationing across {region}.",
        "reservoir|heatstroke|hosepipe ban|irrigation|harvest|water supply|cooling centre|dry spell|crop"
        "|groundwater",
        "rationed|conserved|irrigated|harvested|restricted|monitored|recorded|measured",
        "parched|scorching|dry|sweltering|cracked|depleted|drought-hit",
        "farmers|older residents|water engineers|gardeners",
        "head of the water company|meteorologist|farmers' union leader|health officer for {region}",
        "the water company|the meteorological office|the farmers' union"),
    _topic(
        "volcano",
        "Volcano near {place} erupts, sending ash {small} kilometres high|Flights grounded as ash cloud drifts "
        "over {region}|Villagers flee lava flows on slopes of Mount {place2}",
        "The volcano overlooking {place} erupted on {day}, throwing ash {small} kilometres into the sky and "
        "forcing {n1} villagers from their homes, {body} said."
        "|Airlines cancelled flights across {region} on {day} as an ash cloud from Mount {place2} drifted over "
        "the main airport."
        "|Lava from Mount {place2} crossed a road and reached the edge of {place} on {day}, the third day of an "
        "eruption that has displaced {n2} people.",
        "Vulcanologists had raised the alert level twice in the previous week."
        "|Ash fell like grey snow on the streets of {place}, and residents wore masks."
        "|The last major eruption of the volcano, in {year}, buried several farms."
        "|Seismic instruments recorded {n1} small earthquakes beneath the crater.",
        "crater|lava flow|ash cloud|eruption|gas plume|alert level|slope|exclusion zone|vent|ashfall",
        "evacuated|monitored|measured|tracked|recorded|sampled|closed|cleared",
        "volcanic|molten|active|ash-covered|glowing|restless|sulphurous",
        "vulcanologists|villagers|pilots|evacuees",
        "head of the volcano observatory|civil protection chief|airport director|mayor of {place}",
        "the volcano observatory|the aviation authority|the civil protection agency"),
    _topic(
        "ferry",
        "Ferry with {n1} passengers runs aground off {place}|Passengers rescued after ferry hits rocks near "
        "{place}|Inquiry opens into ferry grounding at {place}",
        "A passenger ferry carrying {n1} people ran aground near the island of {place} on {day}, and lifeboats "
        "took everyone ashore, {body} said."
        "|Coastguard crews rescued passengers from a ferry that struck rocks in a narrow channel off {place} on "
        "{day}, in the worst accident on the route since {year}."
        "|Investigators on {day} began questioning the captain of a ferry that ran aground outside the harbour "
        "of {place} with {n1} passengers and {num} vehicles on board.",
        "The vessel, the {org}, had left {place2} about {small} hours earlier."
        "|Divers found a gash in the hull below the waterline."
        "|All sailings on the route were cancelled until further notice."
        "|Passengers said the lights went out moments before the ship shuddered to a stop.",
        "ferry|hull|lifeboat|harbour|channel|car deck|captain|sailing|gangway|life jacket|reef",
        "towed|evacuated|inspected|boarded|refloated|questioned|escorted|grounded",
        "stranded|shaken|rocky|narrow|damaged|crowded|choppy",
        "passengers|crew members|coastguard teams|divers",
        "ferry company spokesperson|coastguard commander|harbour master at {place}|maritime investigator",
        "the coastguard|the maritime accident investigation branch|the ferry operator",
        "{name} Star|Spirit of {name}|{name} Princess"),
    _topic(
        "train",
        "Train derails near {place}, injuring {n1}|Rail line to {place} closed after derailment"
        "|Signal fault blamed for {place} train crash",
        "A passenger train with {n1} people on board derailed near {place} on {day}, leaving {small} carriages "
        "on their sides and injuring dozens, {body} said."
        "|The main rail line between {place} and {place2} stayed closed on {day} as cranes lifted derailed "
        "carriages from the track."
        "|Investigators said on {day} that a faulty signal may have sent a train onto the wrong track before it "
        "derailed outside {place}.",
        "The train was travelling at about {n1} kilometres an hour when it left the rails."
        "|Replacement buses were running between {place} and {place2}."
        "|The operator said the carriages were less than {small} years old."
        "|Passengers climbed out through broken windows before rescuers arrived.",
        "carriage|signal|track|locomotive|platform|rail line|timetable|junction|sleeper|level crossing",
        "lifted|repaired|inspected|suspended|rerouted|examined|replaced|cleared",
        "derailed|twisted|overturned|delayed|faulty|busy|damaged",
        "passengers|rail workers|investigators|commuters",
        "chief executive of the rail operator|head of the rail accident board|station manager in {place}"
        "|transport minister",
        "the rail accident investigation board|the national rail operator|the transport ministry"),
    _topic(
        "plane",
        "Plane makes emergency landing at {place} after engine fire|{n1} passengers evacuated on runway at "
        "{place} airport|{org} grounds jets after scare over {region}",
        "A passenger jet with {n1} people on board made an emergency landing at {place} on {day} after the crew "
        "reported smoke from one of its engines, {body} said."
        "|Passengers slid down emergency chutes onto the runway at {place} airport on {day} after their plane's "
        "landing gear failed, the airline said."
        "|The airline {org} grounded {small} of its aircraft on {day} while engineers checked engines, a day "
        "after a flight over {region} turned back with a fire warning.",
        "The flight had been bound for {place2}."
        "|Fire engines met the plane on the runway, and the airport closed for {small} hours."
        "|{n1} flights were delayed or diverted."
        "|The pilot declared an emergency about {num} minutes after take-off.",
        "runway|engine|cockpit|landing gear|cabin|emergency chute|flight|terminal|fuselage|control tower",
        "grounded|diverted|inspected|evacuated|delayed|cleared|checked|refuelled",
        "emergency|airborne|smoky|shaken|grounded|routine|mechanical",
        "passengers|cabin crew|air traffic controllers|engineers",
        "airline spokesperson|airport director|head of the civil aviation authority|air safety investigator",
        "the civil aviation authority|the airport operator|the air accident investigation office",
        "{name} Air|{name} Airways|Air {name}"),
    _topic(
        "road crash",
        "Bus crash on mountain road near {place} kills {small}|Motorway near {place} closed after pile-up"
        "|{n1} cars involved in fog crash outside {place}",
        "A bus carrying {n1} passengers plunged off a mountain road near {place} on {day}, killing {small} "
        "people and injuring many more, {body} said."
        "|A crash involving dozens of vehicles in thick fog closed the motorway outside {place} for most of "
        "{day}, police said."
        "|Police in {region} on {day} arrested the driver of a lorry that crossed into oncoming traffic near "
        "{place} and struck a school bus.",
        "Rescuers used cutting equipment to free people trapped in the wreckage."
        "|The road had been resurfaced only {small} months earlier."
        "|Traffic was diverted through {place2}, causing long queues."
        "|The injured were taken to hospitals in {place} and {place2}.",
        "motorway|lorry|crash barrier|junction|wreckage|driver|speed limit|lane|ambulance|roadside",
        "closed|diverted|cleared|towed|freed|arrested|examined|reopened",
        "foggy|icy|winding|overturned|fatal|steep|crowded",
        "paramedics|drivers|police officers|passengers",
        "traffic police commander|regional ambulance chief|mayor of {place}|road safety campaigner",
        "the traffic police|the highways agency|the ambulance service"),
    _topic(
        "building fire",
        "Fire tears through apartment block in {place}|{n1} firefighters tackle warehouse blaze in {place}"
        "|Residents evacuated as fire spreads in {place} old town",
        "Fire tore through an apartment block in {place} early on {day}, forcing residents to flee down "
        "smoke-filled stairwells, {body} said."
        "|More than {n1} firefighters fought a blaze at a warehouse on the edge of {place} on {day}, sending "
        "black smoke across the city."
        "|Residents of several streets in the old town of {place} were evacuated on {day} as a fire spread from "
        "a restaurant kitchen to neighbouring buildings.",
        "The cause of the fire was not yet known, but investigators were examining the wiring."
        "|A family of {small} was rescued from a balcony by ladder."
        "|People living nearby were told to keep windows closed because of the smoke."
        "|The building had passed a safety inspection in {year}.",
        "stairwell|smoke alarm|apartment|ladder|roof|warehouse|sprinkler|fire escape|balcony|kitchen",
        "extinguished|rescued|evacuated|ventilated|examined|gutted|sealed|inspected",
        "smoke-filled|gutted|blackened|fierce|burning|fire-damaged|crowded",
        "firefighters|residents|neighbours|fire investigators",
        "city fire chief|fire investigator|building manager|mayor of {place}",
        "the city fire brigade|the housing association|the police"),
    _topic(
        "mine",
        "{small} miners trapped after collapse at {place} mine|Rescuers race to reach trapped miners in {region}"
        "|Mine near {place} closed after gas explosion",
        "Rescuers in {region} were trying on {day} to reach {small} miners trapped underground after a tunnel "
        "collapsed at a coal mine near {place}, the mining company {org} said."
        "|A gas explosion at a mine outside {place} on {day} killed {small} workers and injured {n1}, in the "
        "deadliest mining accident in {region} since {year}."
        "|Families gathered at the gates of the mine in {place} on {day} as rescue teams drilled a shaft toward "
        "miners trapped {n1} metres below ground.",
        "Air was being pumped into the tunnel through a narrow pipe."
        "|The mine employs about {n2} people and is the largest employer in {place}."
        "|Inspectors had fined the company in {year} over ventilation problems."
        "|Mining unions called for a national review of safety underground.",
        "shaft|tunnel|coal seam|ventilation|pit|rescue capsule|methane|mine shaft|drill|safety inspection",
        "drilled|ventilated|shored|inspected|reached|sealed|evacuated|pumped",
        "underground|trapped|narrow|unstable|flooded|dusty|gas-filled",
        "miners|rescue teams|mine inspectors|union leaders",
        "mine manager|head of the mine rescue service|mining union leader|labour minister",
        "the mine safety inspectorate|the mining union|the mine rescue service",
        "{name} Mining|{name} Coal|{name} Minerals"),
    _topic(
        "election",
        "{person} claims victory in {region} election|{org} wins most seats in {place} vote"
        "|Turnout reaches {pct} percent in {region} poll",
        "{person} of the {org} claimed victory in the {region} election on {day}, after early results gave the "
        "party {pct} percent of the vote, {body} said."
        "|Voters in {region} queued outside polling stations on {day} in an election seen as a test for the "
        "{org}, which has governed for {small} years."
        "|The {org} won the most seats in the {place} council election on {day}, but fell short of a majority "
        "and will need a partner to govern.",
        "Turnout was {pct} percent, the highest since {year}."
        "|Counting continued overnight in {place2}, where the result was close."
        "|{person2}, the main challenger, conceded shortly after midnight."
        "|Election observers said voting had been orderly.",
        "ballot|polling station|turnout|seat|coalition|campaign|recount|manifesto|constituency|majority",
        "counted|won|contested|conceded|campaigned|challenged|secured|announced",
        "narrow|decisive|close|disputed|electoral|early|provisional",
        "voters|campaigners|election observers|party members",
        "party leader|election commissioner|political analyst at the University of {place}|opposition candidate",
        "the electoral commission|the {region} election board|the independent observers' mission",
        "{name} Party|{name} Alliance|Movement for {name}|{name} Democrats"),
    _topic(
        "parliament",
        "Lawmakers back {surname}'s bill on online platforms|Parliament rejects changes to {region} voting rules"
        "|Rent cap for {place} passes first reading",
        "Parliament approved a bill on {day} that would force online platforms to remove illegal content within "
        "{small} days, after {person}, who drafted it, won over several opposition members."
        "|Lawmakers voted {n1} to {num} on {day} to reject changes to the voting rules in {region}, dealing a "
        "blow to {person} and the {org}."
        "|A bill to cap rents in {place} passed its first reading on {day}, but members of the {org} said they "
        "would try to amend it in committee.",
        "The bill now goes to the upper chamber, where its fate is less certain."
        "|{surname2} called the vote \"a good day for ordinary people\"."
        "|Amendments from the opposition were defeated one by one."
        "|The debate lasted more than {small} hours and ran late into the night.",
        "bill|amendment|committee|reading|lawmaker|chamber|debate|clause|vote|opposition",
        "approved|amended|rejected|debated|drafted|passed|delayed|tabled",
        "controversial|parliamentary|lengthy|cross-party|final|legislative|narrow",
        "lawmakers|opposition members|campaign groups|committee members",
        "minister for digital affairs|speaker of the chamber|opposition leader|committee chair",
        "the parliamentary committee|the upper chamber|the justice ministry",
        "{name} Party|{name} Union|{name} League"),
    _topic(
        "budget",
        "{place} council approves budget with {pct} percent tax rise|Finance minister {surname} unveils "
        "spending plans|{region} budget cuts hit schools and libraries",
        "The city council of {place} approved a budget of {cash} on {day} that raises local taxes by {pct} "
        "percent and cuts spending on roads, {body} said."
        "|Finance minister {person} presented a budget on {day} that would bring the deficit below {small} "
        "percent of output within two years, according to {body}."
        "|Libraries and swimming pools in {region} face closure under spending cuts unveiled on {day} by "
        "{person}, who said the regional budget had a hole of {cash}.",
        "Spending on schools will rise by {pct} percent, the only department to gain."
        "|Unions said the cuts would cost {n1} jobs."
        "|The deficit reached {cash} last year, the highest since {year}."
        "|The plan must still be approved by the full assembly next month.",
        "deficit|tax rise|spending cut|revenue|pension|subsidy|debt|budget|forecast|allowance",
        "approved|cut|raised|froze|borrowed|balanced|audited|presented",
        "fiscal|austere|balanced|annual|costly|public|unpopular",
        "taxpayers|council members|public sector unions|economists",
        "finance minister|council treasurer|chief economist at {org}|head of the taxpayers' association",
        "the finance ministry|the budget office|the council's audit committee",
        "{name} Bank|{name} Capital|{name} Research"),
    _topic(
        "interest rates",
        "Central bank raises rate to {mag} percent|Governor {surname} signals pause in rate rises"
        "|Rate cut lifts shares in {place}",
        "The central bank raised its main interest rate by a quarter point to {mag} percent on {day}, its "
        "{small}th increase in a row, as it tried to bring down inflation."
        "|Governor {person} said on {day} that the central bank might stop raising rates soon, sending bond "
        "yields lower and the currency down against the dollar."
        "|Shares in {place} rose on {day} after the central bank cut interest rates for the first time since "
        "{year}, saying inflation was coming under control.",
        "Inflation stood at {mag} percent last month."
        "|{small} of the nine members of the rate committee voted for the move."
        "|Mortgage lenders said they would pass on the change within days."
        "|Economists at {org} had expected the decision.",
        "interest rate|inflation|mortgage|bond yield|currency|rate committee|lender|borrowing cost|savings"
        "|monetary policy",
        "raised|cut|held|lowered|signalled|tightened|eased|priced",
        "monetary|hawkish|cautious|inflationary|benchmark|steady|volatile",
        "investors|borrowers|economists|traders",
        "central bank governor|chief economist at {org}|currency strategist|deputy governor",
        "the central bank|the statistics office|the treasury",
        "{name} Bank|{name} Securities|{name} Partners"),
    _topic(
        "earnings",
        "{org} profit jumps {pct} percent on strong demand|Shares in {org} fall after weak sales"
        "|{org} cuts forecast as costs rise",
        "{org}, the {place}-based maker of kitchen appliances, said on {day} that quarterly profit rose {pct} "
        "percent to {cash}, beating analysts' forecasts."
        "|Shares in {org} fell {small} percent on {day} after the retailer reported weaker sales in {region} and "
        "warned of higher wage costs."
        "|{org} cut its full-year forecast on {day}, blaming rising energy prices, and said it would close "
        "{small} factories in {region}.",
        "Revenue for the quarter was {cash}."
        "|Chief executive {person} said demand had held up better than expected."
        "|The company employs about {n2} people worldwide."
        "|Analysts said the results were the best in {small} years.",
        "profit|revenue|quarter|share price|forecast|dividend|margin|sales|shareholder|outlook",
        "reported|beat|missed|raised|trimmed|posted|announced|reviewed",
        "quarterly|annual|strong|weak|underlying|operating|disappointing",
        "investors|analysts|shareholders|customers",
        "chief executive of {org}|finance director|retail analyst|head of investor relations",
        "the stock exchange|the company's board|the market regulator",
        "{name} Group|{name} Holdings|{name} Industries|{name} Foods"),
    _topic(
        "takeover",
        "{org} agrees {cash} takeover|Regulator blocks {org} merger|Board of {org} rejects bid",
        "{org} agreed on {day} to buy a smaller rival in {region} for {cash}, creating the country's largest "
        "supplier of building materials."
        "|Competition regulators blocked the planned merger of {org} with a rival on {day}, saying it would "
        "raise prices for customers in {region}."
        "|The board of {org} rejected a takeover offer of {cash} on {day}, saying it undervalued the company, and "
        "urged shareholders to take no action.",
        "The deal still needs approval from shareholders."
        "|About {n1} jobs are expected to go as the two companies combine offices."
        "|The offer was worth {pct} percent more than the closing share price before the bid."
        "|{person}, who will lead the combined company, said it would keep its headquarters in {place}.",
        "takeover|merger|bid|offer|regulator|shareholder|acquisition|rival|competition|deal",
        "acquired|blocked|approved|rejected|valued|financed|negotiated|announced",
        "hostile|combined|friendly|all-cash|rival|proposed|lucrative",
        "shareholders|bankers|regulators|competitors",
        "chairman of {org}|competition commissioner|merger lawyer|chief executive of {org}",
        "the competition authority|the stock exchange|the company's board",
        "{name} Group|{name} Holdings|{name} Materials|{name} Telecom"),
    _topic(
        "factory closure",
        "{org} to close {place} plant with loss of {n1} jobs|Workers protest as {org} cuts jobs in {region}"
        "|{place} fears for its future after factory closure",
        "{org} said on {day} it would close its plant in {place} next year, putting {n1} jobs at risk in a town "
        "where it has made car parts since {year}."
        "|Hundreds of workers marched through {place} on {day} after {org} announced it would cut {n1} jobs in "
        "{region} and move production abroad."
        "|Shops and cafes in {place} said on {day} they feared for their future after the closure of the {org} "
        "factory, the town's largest employer.",
        "The company said falling orders had left the plant running at half capacity."
        "|Local officials said they would look for a buyer for the site."
        "|The union said it would seek talks to save at least some of the jobs."
        "|The plant opened in {year} and once employed {n2} people.",
        "plant|factory|job cut|production line|redundancy|shift|order book|supplier|workforce|closure",
        "closed|cut|moved|shut|relocated|announced|reviewed|offered",
        "industrial|redundant|skilled|struggling|local|outdated|profitable",
        "factory workers|union officials|suppliers|local shop owners",
        "plant manager|union representative|mayor of {place}|economy minister",
        "the metalworkers' union|the regional development agency|the company's works council",
        "{name} Motors|{name} Steel|{name} Textiles|{name} Electronics"),
    _topic(
        "strike",
        "Rail strike halts trains across {region}|Teachers in {place} walk out over pay"
        "|Dock workers at {place} extend strike",
        "Train drivers in {region} began a {small}-day strike on {day} over pay and working hours, halting most "
        "services and leaving commuters to find other ways to work."
        "|Teachers in {place} walked out on {day}, closing {n1} schools, after talks with the education "
        "department over a pay rise of {pct} percent broke down."
        "|Dock workers at the port of {place} extended their strike on {day}, and ships carrying {n2} containers "
        "were waiting offshore, {body} said.",
        "The union wants a pay rise above inflation, which is running at {mag} percent."
        "|Managers said the last offer was \"fair and final\"."
        "|Pickets gathered outside the main entrance from early morning."
        "|Talks are due to resume next week at the offices of a mediator in {place2}.",
        "strike|picket line|pay offer|walkout|union|wage|negotiation|mediator|overtime|contract",
        "rejected|balloted|extended|suspended|negotiated|called|joined|offered",
        "indefinite|industrial|bitter|unofficial|nationwide|fair|final",
        "strikers|union members|commuters|employers",
        "union general secretary|transport minister|spokesperson for the employers|mediator",
        "the transport workers' union|the labour ministry|the employers' federation"),
    _topic(
        "trial",
        "Trial of {person} opens in {place}|{person} found guilty of fraud|Judge jails {surname} for {small} "
        "years",
        "The trial of {person}, a former official accused of taking bribes over a road contract, opened in "
        "{place} on {day} with {surname} denying all charges."
        "|A court in {place} found {person} guilty of fraud on {day}, ruling that {surname} had taken {cash} "
        "from investors in a property scheme."
        "|A judge in {place} jailed {person} for {small} years on {day} for running a ring that smuggled stolen "
        "cars across {region}.",
        "Prosecutors called {n1} witnesses over the course of the trial."
        "|Defence lawyer {person2} said the verdict would be appealed."
        "|The jury deliberated for {small} days before reaching its verdict."
        "|Victims of the scheme watched from the public gallery.",
        "verdict|jury|witness|sentence|prosecutor|appeal|courtroom|testimony|charge|evidence",
        "convicted|acquitted|sentenced|appealed|denied|charged|questioned|heard",
        "guilty|lengthy|criminal|fraudulent|unanimous|legal|judicial",
        "jurors|prosecutors|witnesses|victims",
        "presiding judge|chief prosecutor|defence lawyer|legal expert at the University of {place}",
        "the district court|the public prosecutor's office|the court of appeal"),
    _topic(
        "robbery",
        "Police arrest {small} after jewellery heist in {place}|Armed robbers raid bank in {place}"
        "|Manhunt under way in {region} after prison break",
        "Police in {place} arrested {small} people on {day} over a raid on a jewellery shop in which thieves "
        "escaped with watches worth {cash}."
        "|Armed robbers held up a bank in the centre of {place} on {day}, tying up staff and fleeing in a car "
        "that was later found burnt out near {place2}."
        "|Police across {region} launched a manhunt on {day} after {small} inmates escaped from a prison outside "
        "{place} by climbing over a wall.",
        "Officers found part of the stolen goods in a garage in {place2}."
        "|Detectives appealed for anyone with dashboard camera footage to come forward."
        "|No one was seriously hurt, police said."
        "|{person} appeared before magistrates and was remanded in custody.",
        "suspect|detective|robbery|getaway car|warrant|custody|raid|manhunt|evidence|footage",
        "arrested|charged|questioned|searched|recovered|detained|traced|released",
        "armed|stolen|masked|suspected|criminal|violent|undercover",
        "detectives|police officers|witnesses|shop staff",
        "detective inspector|police chief of {place}|shop owner|prison governor",
        "the regional police|the prosecutor's office|the prison service"),
    _topic(
        "corruption",
        "Minister {surname} resigns over contracts inquiry|Prosecutors raid offices of {org}"
        "|Inquiry finds {place} council broke rules",
        "Minister {person} resigned on {day} after prosecutors opened an inquiry into contracts worth {cash} "
        "awarded to companies run by friends, {body} said."
        "|Prosecutors raided the offices of {org} and the town hall of {place} on {day} as part of an "
        "investigation into bribes paid for building permits."
        "|An inquiry found on {day} that the council of {place} broke procurement rules {n1} times when it hired "
        "contractors, and it called for {small} officials to be disciplined.",
        "{surname} denied any wrongdoing in a short statement."
        "|Investigators seized documents and computers."
        "|The opposition called for early elections."
        "|Transparency campaigners said the case showed the need for a public register of lobbyists.",
        "inquiry|bribe|contract|procurement|permit|resignation|whistleblower|audit|investigation|kickback",
        "investigated|awarded|seized|audited|exposed|denied|questioned|uncovered",
        "corrupt|secret|improper|public|damning|independent|alleged",
        "investigators|whistleblowers|anti-corruption campaigners|auditors",
        "anti-corruption prosecutor|head of the audit office|opposition leader|mayor of {place}",
        "the anti-corruption office|the national audit office|the public prosecutor",
        "{name} Construction|{name} Consulting|{name} Developments"),
    _topic(
        "cyberattack",
        "Cyberattack shuts down {place} hospital systems|Hackers steal data of {n2} customers from {org}"
        "|{region} council hit by ransomware",
        "A cyberattack shut down computer systems at the main hospital in {place} on {day}, forcing staff to "
        "cancel operations and work with pen and paper, {body} said."
        "|{org} said on {day} that hackers had stolen the names, addresses and bank details of {n2} customers, "
        "and urged them to change their passwords."
        "|The regional council of {region} was hit by ransomware on {day}, and the attackers demanded {cash} in "
        "cryptocurrency to unlock its files.",
        "The attack was traced to a phishing email opened by an employee."
        "|Security experts said the group behind it had targeted {small} other organisations this year."
        "|Backups allowed some systems to be restored within {small} days."
        "|The data protection authority said it had opened an investigation.",
        "ransomware|server|password|hacker|data breach|network|firewall|backup|phishing email|encryption",
        "hacked|encrypted|restored|stole|leaked|patched|breached|disabled",
        "malicious|encrypted|digital|sensitive|compromised|online|vulnerable",
        "hackers|security researchers|customers|IT staff",
        "chief information officer|head of the national cyber security centre|security researcher"
        "|data protection commissioner",
        "the national cyber security centre|the data protection authority|the police cybercrime unit",
        "{name} Telecom|{name} Bank|{name} Energy|{name} Insurance"),
    _topic(
        "space launch",
        "Rocket carrying {small} satellites lifts off from {place}|Launch of {org} rocket scrubbed over fuel leak"
        "|{org} lander touches down on the Moon",
        "A rocket carrying {small} weather satellites lifted off from the spaceport at {place} on {day}, and the "
        "satellites reached orbit about {num} minutes later, {body} said."
        "|The launch of the {org} rocket from {place} was called off on {day} with less than {small} minutes on "
        "the countdown after engineers found a fuel leak."
        "|A lunar lander built by {org} touched down near the south pole of the Moon on {day}, the first private "
        "spacecraft from {region} to land there.",
        "The first stage returned to land on a platform at sea."
        "|The mission cost about {cash}."
        "|Engineers will spend {small} weeks testing the satellites before they begin sending data."
        "|The next launch window opens in {small} days.",
        "rocket|satellite|orbit|launch pad|countdown|booster|payload|spacecraft|mission control|lander",
        "launched|deployed|tracked|scrubbed|fuelled|tested|guided|recovered",
        "orbital|reusable|lunar|successful|delayed|uncrewed|scientific",
        "engineers|astronomers|spectators|flight controllers",
        "mission director|head of the space agency|launch director at {org}|planetary scientist",
        "the space agency|mission control|the satellite operator",
        "{name} Aerospace|{name} Space|{name} Orbital"),
    _topic(
        "archaeology",
        "Archaeologists find Roman villa under {place} car park|Hoard of {n1} coins found near {place}"
        "|Ancient tomb discovered in {region}",
        "Archaeologists digging under a car park in {place} have found the remains of a villa from the second "
        "century, with mosaics still in place, {body} said on {day}."
        "|A man using a metal detector in a field near {place} found a hoard of {n1} silver coins, which experts "
        "said on {day} were buried more than a thousand years ago."
        "|A tomb holding pottery, weapons and the bones of a horse has been found in {region}, archaeologists "
        "announced on {day}, calling it the richest find in the area since {year}.",
        "The site will be opened to the public for {small} days before work resumes."
        "|Radiocarbon tests are expected to give a more precise date."
        "|{person2}, who led the dig, said the mosaics were \"remarkably well preserved\"."
        "|The finds will go on display at the museum in {place2}.",
        "excavation|mosaic|tomb|coin|pottery|skeleton|trench|artefact|burial|site",
        "excavated|unearthed|dated|catalogued|preserved|examined|recovered|mapped",
        "ancient|medieval|rare|buried|intact|prehistoric|decorated",
        "archaeologists|historians|students|museum curators",
        "lead archaeologist|museum director in {place2}|historian at the University of {place}"
        "|county archaeologist",
        "the national heritage agency|the regional museum|the university's archaeology department"),
    _topic(
        "medicine",
        "{org} vaccine cuts infections by {pct} percent in trial|Regulator approves {org} pill for heart disease"
        "|Study links traffic fumes to dementia in {region}",
        "A vaccine developed by {org} cut infections by {pct} percent in a trial involving {n2} volunteers, the "
        "company said on {day}, and it will ask regulators for approval."
        "|The medicines regulator on {day} approved a pill made by {org} that lowers cholesterol, giving doctors "
        "a new option for patients who cannot take statins."
        "|People living near busy roads in {region} were more likely to develop dementia, according to a study "
        "published on {day} by researchers in {place}.",
        "Side effects were mostly mild, such as headache and tiredness."
        "|The trial ran at {n1} clinics over {small} years."
        "|Independent experts said the results were promising but needed confirming."
        "|The company said it could make {n2} doses a month.",
        "vaccine|trial|dose|volunteer|side effect|placebo|clinic|study|patient|regulator",
        "tested|approved|enrolled|vaccinated|published|reviewed|measured|compared",
        "clinical|effective|mild|randomised|preliminary|medical|safe",
        "volunteers|researchers|doctors|patients",
        "lead researcher|chief medical officer|professor of medicine at the University of {place}"
        "|head of the medicines regulator",
        "the medicines agency|the health ministry|the medical journal",
        "{name} Pharma|{name} Biotech|{name} Therapeutics"),
    _topic(
        "hospitals",
        "Waiting lists at {place} hospitals reach record|Nurses in {region} warn of staff shortages"
        "|{place} emergency department to close at night",
        "The number of patients waiting for planned operations at hospitals in {place} rose to {n2} in the "
        "latest figures, published on {day}, the highest on record."
        "|Nurses in {region} warned on {day} that staff shortages were putting patients at risk, saying {pct} "
        "percent of shifts last month were understaffed."
        "|The emergency department at the hospital in {place} will close at night from next month because there "
        "are not enough doctors, {body} said on {day}.",
        "Patients in {place2} will have to travel about {n1} kilometres to the nearest open emergency department."
        "|The health service has {n2} vacancies for nurses."
        "|Hip and knee replacements have the longest waits."
        "|{person2}, the {role2}, said recruitment from abroad would help.",
        "waiting list|ward|nurse|operation|emergency department|ambulance|bed|shift|vacancy|appointment",
        "treated|admitted|discharged|postponed|recruited|staffed|transferred|cancelled",
        "overstretched|understaffed|urgent|elective|critical|routine|chronic",
        "nurses|patients|junior doctors|hospital managers",
        "health minister|chief nurse|hospital director in {place}|patients' association chair",
        "the health service|the nurses' union|the hospital trust"),
    _topic(
        "outbreak",
        "Measles outbreak in {place} spreads to schools|Food poisoning traced to {place} restaurant"
        "|Bird flu found on farm near {place}",
        "Health officials in {place} said on {day} that {n1} cases of measles had been confirmed since the start "
        "of the month, most of them among unvaccinated children."
        "|An outbreak of food poisoning that made {n1} people ill was traced on {day} to a restaurant in {place}, "
        "which has been closed while inspectors test its kitchen."
        "|Bird flu was found on a poultry farm near {place} on {day}, and vets ordered all {n2} birds culled and "
        "set up a protection zone around it.",
        "Parents were urged to check that their children's vaccinations were up to date."
        "|Samples were sent to the national laboratory for testing."
        "|Farms within {small} kilometres face restrictions on moving animals."
        "|No deaths had been reported.",
        "outbreak|infection|case|vaccination|laboratory|symptom|quarantine|contact tracing|virus|sample",
        "confirmed|traced|tested|isolated|culled|vaccinated|reported|contained",
        "infectious|contagious|unvaccinated|suspected|seasonal|viral|confirmed",
        "health officials|parents|vets|laboratory staff",
        "public health director|chief veterinary officer|head of infectious diseases at the hospital in {place}"
        "|school principal",
        "the public health agency|the food safety authority|the agriculture ministry"),
    _topic(
        "transfer",
        "{org} sign striker {person} for club record|{person} leaves {org} after {small} seasons"
        "|{org} agree fee for {surname}",
        "{org} have signed striker {person} for a club record fee of {cash}, the club said on {day}, beating "
        "several rivals to the {age}-year-old."
        "|Midfielder {person} left {org} on {day} after {small} seasons, joining a club in {region} on a free "
        "transfer, both clubs said."
        "|{org} agreed a fee with a rival club for defender {person} on {day} and hope to complete the move "
        "before the transfer window shuts.",
        "{surname} scored {num} goals in all competitions last season."
        "|The contract runs for {small} years."
        "|Supporters gathered outside the stadium in {place} to welcome the new signing."
        "|Manager {person2} said {surname} would add pace to the attack.",
        "transfer|striker|contract|fee|midfielder|signing|manager|season|squad|transfer window",
        "signed|sold|loaned|agreed|completed|joined|released|scouted",
        "record|talented|young|attacking|free|prolific|experienced",
        "supporters|scouts|agents|teammates",
        "manager|sporting director|club captain|agent",
        "the league|the club's board|the players' association",
        "{name} United|{name} City|{name} Rovers|Athletic {name}|Real {name}|FC {name}"),
    _topic(
        "football match",
        "{org} beat rivals {score} to top the table|Late goal rescues draw for {org}"
        "|{org} knocked out of cup by lower-league side",
        "{org} beat their rivals {score} in front of {n2} fans in {place} on {day} to go top of the league, "
        "with {person} scoring twice."
        "|A goal in stoppage time from {person} earned {org} a draw away from home on {day}, keeping their hopes "
        "of promotion alive."
        "|Lower-league {org} knocked one of the league leaders out of the cup on {day}, winning {score} in a "
        "match that finished in heavy rain in {place}.",
        "The home side had a player sent off early in the second half."
        "|The win was their {small}th in a row."
        "|Manager {person2} praised the defence."
        "|The two sides meet again in {region} next month.",
        "goal|penalty|header|stoppage time|referee|corner|goalkeeper|league table|half|stadium",
        "scored|saved|defended|conceded|celebrated|booked|substituted|missed",
        "late|stunning|hard-fought|defensive|disallowed|unbeaten|dramatic",
        "fans|players|coaches|stewards",
        "manager|captain|goalkeeper|referee",
        "the league|the football association|the disciplinary committee",
        "{name} United|{name} City|{name} Rovers|Athletic {name}|Real {name}|FC {name}"),
    _topic(
        "tennis",
        "{person} wins {place} Open final|{person} breaks national record in {place}"
        "|Upset as {person} beats top seed in {place}",
        "{person} won the {place} Open on {day}, beating the second seed in three sets to claim a first title at "
        "the tournament and a cheque for {cash}."
        "|{person} broke the national record in the 800 metres at an athletics meeting in {place} on {day}, "
        "finishing {small} tenths of a second inside the old mark set in {year}."
        "|Qualifier {person} knocked the top seed out of the tournament in {place} on {day}, winning a match "
        "that lasted more than {small} hours.",
        "The crowd of {n2} rose to applaud both players at the end."
        "|{surname} said the result had not yet sunk in."
        "|The final was delayed by rain for almost an hour."
        "|{surname} will rise to number {n1} in the world rankings.",
        "final|set|tournament|seed|serve|record|ranking|title|track|semi-final",
        "won|beat|broke|defended|qualified|claimed|lost|served",
        "straight-sets|top-seeded|record-breaking|gruelling|unseeded|emotional|decisive",
        "spectators|players|coaches|officials",
        "coach|tournament director|former champion|federation president",
        "the tennis federation|the athletics federation|the tournament organisers"),
    _topic(
        "film",
        "Film by {person} wins top prize at {place} festival|{place} festival opens with {surname} premiere"
        "|Actor {person} honoured in {place}",
        "A drama by {person} about a family of fishermen won the top prize at the film festival in {place} on "
        "{day}, beating {n1} other entries."
        "|The film festival in {place} opened on {day} with the premiere of a new comedy by {person}, who walked "
        "the red carpet with most of the cast."
        "|Actor {person} received a lifetime award at a ceremony in {place} on {day}, and thanked the audience "
        "for {small} decades of support.",
        "The jury praised the film's \"quiet power\"."
        "|Tickets for the festival's {n1} screenings sold out in days."
        "|{surname}'s previous film was shot in {place2}."
        "|A distributor bought the rights before the ceremony ended.",
        "premiere|jury|screening|red carpet|director|award|cast|documentary|screenplay|audience",
        "premiered|screened|directed|awarded|applauded|nominated|filmed|released",
        "cinematic|acclaimed|independent|moving|debut|festival|award-winning",
        "film critics|actors|festival goers|producers",
        "festival director|jury president|film critic|producer",
        "the festival organisers|the film academy|the culture ministry"),
    _topic(
        "music",
        "{n2} fans pack {place} for summer music festival|Singer {person} cancels tour dates in {region}"
        "|{org} announce reunion concert in {place}",
        "About {n2} people packed a field outside {place} on {day} for the first night of a three-day music "
        "festival, with rock band {org} topping the bill."
        "|Singer {person} cancelled {small} concerts in {region} on {day} on doctors' advice, and fans were told "
        "that tickets would be refunded."
        "|Rock band {org} said on {day} that they would play a reunion concert in {place} next summer, {small} "
        "decades after their last show there.",
        "Organisers said the festival had sold out within {small} hours."
        "|Extra trains were laid on from {place2}."
        "|The setlist included songs from the band's {year} debut album."
        "|Noise complaints from nearby villages were being looked into.",
        "festival|stage|headliner|setlist|album|encore|ticket|crowd|tour|guitarist",
        "performed|headlined|cancelled|toured|recorded|released|postponed|sold",
        "sold-out|acoustic|loud|nostalgic|live|rainy|electric",
        "fans|musicians|organisers|ticket holders",
        "festival organiser|singer|promoter|music critic",
        "the festival organisers|the ticket agency|the local council",
        "The {name} Brothers|{name} Sound|The {name} Lights"),
    _topic(
        "museum",
        "Painting worth {cash} stolen from {place} museum|{place} museum reopens after renovation"
        "|Stolen sculpture recovered in {region}",
        "Thieves stole a painting worth about {cash} from the art museum in {place} on {day}, cutting the canvas "
        "from its frame minutes before closing time."
        "|The museum of fine art in {place} reopened on {day} after a {small}-year renovation that cost {cash} "
        "and doubled its exhibition space."
        "|Police in {region} have recovered a bronze sculpture that was stolen from a park in {place} {small} "
        "years ago, they said on {day}.",
        "The alarm went off but the thieves were gone before guards arrived."
        "|The collection of the museum includes {n2} works."
        "|The artist painted the work in {year}."
        "|Insurers offered a reward for information.",
        "painting|canvas|gallery|sculpture|collection|exhibition|curator|frame|artwork|masterpiece",
        "stole|recovered|restored|exhibited|catalogued|insured|displayed|returned",
        "priceless|stolen|restored|bronze|valuable|modern|renowned",
        "museum guards|art historians|visitors|collectors",
        "museum director|chief curator|art crime investigator|culture minister",
        "the museum's board|the art crimes unit|the culture ministry"),
    _topic(
        "schools",
        "Schools in {region} to teach coding from age {small}|Exam results in {place} rise for third year"
        "|Plan to merge {place} schools sparks protest",
        "All primary schools in {region} will teach computer coding from next year, education minister {person} "
        "said on {day}, announcing a plan that will cost {cash}."
        "|Pupils in {place} achieved their best exam results in a decade, with {pct} percent passing at least "
        "five subjects, figures published on {day} show."
        "|Parents protested outside the town hall of {place} on {day} against a plan to merge {small} small "
        "village schools into one new building.",
        "Teachers will receive {small} days of extra training."
        "|Class sizes in {place} average {num} pupils."
        "|The teachers' union said the plan was rushed."
        "|The new curriculum will be tested in {n1} schools first.",
        "curriculum|pupil|classroom|exam|teacher|headteacher|school year|textbook|timetable|grade",
        "taught|tested|merged|graded|trained|inspected|enrolled|funded",
        "primary|secondary|academic|rural|compulsory|digital|overcrowded",
        "teachers|parents|pupils|headteachers",
        "education minister|headteacher|teachers' union leader|parents' association chair",
        "the education ministry|the schools inspectorate|the teachers' union"),
    _topic(
        "housing",
        "Rents in {place} rise {pct} percent in a year|{place} approves {n2} new homes on old airfield"
        "|Tenants in {region} protest against evictions",
        "Average rents in {place} rose {pct} percent over the past year, the fastest increase in {region}, "
        "according to figures published on {day} by {body}."
        "|The council of {place} approved plans on {day} to build {n2} homes on a former airfield, a third of "
        "them for rent at below market prices."
        "|Hundreds of tenants marched through {place} on {day} to protest against evictions, after the landlord "
        "{org} told residents of {small} blocks to leave.",
        "Building work is expected to start in {small} years."
        "|Letting agents said there were {num} applicants for every flat."
        "|{surname} said the council would buy empty homes to rent out."
        "|House prices, by contrast, fell slightly.",
        "rent|tenant|landlord|eviction|mortgage|housing estate|flat|planning permission|deposit|lease",
        "evicted|built|rented|approved|renovated|bought|leased|demolished",
        "affordable|empty|social|overcrowded|residential|expensive|vacant",
        "tenants|landlords|developers|first-time buyers",
        "housing minister|tenants' union spokesperson|head of planning in {place}|estate agent",
        "the housing ministry|the statistics office|the tenants' union",
        "{name} Property|{name} Estates|{name} Homes"),
    _topic(
        "public transport",
        "{place} tram line opens after {small} years of work|Bridge linking {place} and {place2} approved"
        "|Bus fares in {place} to rise {pct} percent",
        "A new tram line through {place} opened to passengers on {day}, {small} years after construction began "
        "and {cash} over its original budget."
        "|The government approved a bridge costing {cash} on {day} to link {place} and {place2}, cutting the "
        "journey between them from an hour to {num} minutes."
        "|Bus and tram fares in {place} will rise by {pct} percent from next month, the transport authority said "
        "on {day}, blaming fuel and wage costs.",
        "The line has {num} stops and trams will run every {small} minutes at peak times."
        "|Construction will employ about {n1} workers."
        "|Commuter groups said the rise was the largest since {year}."
        "|Cyclists will get a separate lane on the bridge.",
        "tram|bridge|fare|commuter|timetable|bus lane|ticket|interchange|depot|route",
        "opened|built|approved|raised|extended|delayed|funded|designed",
        "public|delayed|over-budget|electric|crowded|suburban|cheaper",
        "commuters|cyclists|drivers|residents",
        "transport commissioner|head of the transport authority|commuters' association chair|mayor of {place}",
        "the transport authority|the infrastructure ministry|the city council"),
    _topic(
        "energy",
        "Power cut leaves {n2} homes in {region} without electricity|Energy bills in {region} to rise {pct} "
        "percent|{org} opens wind farm off {place}",
        "A fault at a substation left {n2} homes in {region} without electricity for several hours on {day}, "
        "stopping trains and trapping people in lifts."
        "|Household energy bills in {region} will rise by {pct} percent from next month, the energy regulator "
        "said on {day}, following higher wholesale gas prices."
        "|{org} opened a wind farm with {n1} turbines off the coast near {place} on {day}, enough to power about "
        "{n2} homes.",
        "Engineers traced the fault to a transformer that overheated."
        "|Households on fixed tariffs will not be affected until their contracts end."
        "|The turbines stand {n1} metres tall."
        "|Traffic lights failed across {place}, causing long jams.",
        "substation|turbine|grid|blackout|electricity bill|wholesale price|transformer|power line|tariff"
        "|wind farm",
        "restored|generated|supplied|connected|raised|capped|upgraded|switched",
        "renewable|wholesale|offshore|electric|rising|green|unreliable",
        "households|engineers|energy suppliers|businesses",
        "energy minister|head of the grid operator|energy analyst|chief executive of {org}",
        "the energy regulator|the grid operator|the consumer council",
        "{name} Energy|{name} Power|{name} Renewables"),
    _topic(
        "pollution",
        "Oil spill fouls beaches near {place}|River near {place} polluted by factory waste"
        "|{org} fined {cash} over {region} pollution",
        "Oil from a damaged tanker washed up on beaches near {place} on {day}, coating seabirds and forcing the "
        "closure of {num} kilometres of coastline."
        "|Thousands of dead fish were found in the river below {place} on {day}, and environmental inspectors "
        "blamed waste from a chemical plant upstream."
        "|A court fined {org} {cash} on {day} for letting toxic waste seep into the groundwater near {place} "
        "over a period of {small} years.",
        "Volunteers in protective suits cleaned birds at a centre in {place2}."
        "|Water samples showed chemical levels {num} times above the legal limit."
        "|Fishing in the area was banned until further notice."
        "|The company said it would pay for the clean-up.",
        "oil slick|tanker|pollution|seabird|beach|toxic waste|groundwater|clean-up|coastline|chemical plant",
        "polluted|cleaned|contaminated|spilled|dumped|fined|sampled|leaked",
        "toxic|polluted|oily|environmental|contaminated|coastal|hazardous",
        "volunteers|environmental inspectors|fishermen|wildlife groups",
        "environment minister|head of the coastguard|marine biologist|environmental campaigner",
        "the environment agency|the coastguard|the wildlife trust",
        "{name} Chemicals|{name} Shipping|{name} Petroleum"),
    _topic(
        "wildlife",
        "Rare panda cub born at {place} zoo|Wolves seen near {place} for first time since {year}"
        "|Whale stranded on beach at {place}",
        "A rare red panda cub was born at the zoo in {place}, keepers said on {day}, the first birth of the "
        "species there in {small} years."
        "|A pack of wolves has been seen in the forests near {place} for the first time since {year}, wildlife "
        "officials in {region} said on {day}."
        "|Rescuers spent {day} trying to refloat a whale that stranded on the beach at {place}, keeping it wet "
        "with buckets of seawater.",
        "The cub weighed about {n1} grams at birth."
        "|Farmers in the area were told to keep sheep indoors at night."
        "|Crowds gathered on the sand to watch the rescue."
        "|The species is protected under the law.",
        "cub|keeper|enclosure|species|habitat|wolf|whale|sighting|breeding programme|conservation",
        "spotted|tracked|rescued|released|bred|protected|tagged|relocated",
        "rare|endangered|wild|stranded|protected|young|elusive",
        "zookeepers|conservationists|farmers|visitors",
        "zoo director|wildlife officer|marine rescue coordinator|conservation biologist",
        "the wildlife agency|the zoo|the marine rescue charity"),
    _topic(
        "harvest",
        "Grape harvest in {region} starts early after hot summer|Fishermen in {place} protest against new quotas"
        "|Potato prices jump as {region} crop fails",
        "Winemakers in {region} started picking grapes {small} weeks earlier than usual on {day}, after a hot "
        "summer ripened the fruit quickly, {body} said."
        "|Fishermen blocked the harbour of {place} with their boats on {day} in protest at new fishing quotas "
        "that cut their catch of cod by {pct} percent."
        "|The price of potatoes in {region} has risen {pct} percent since the spring after heavy rain rotted "
        "much of the crop, farmers said on {day}.",
        "Growers expect a smaller but better harvest."
        "|The fleet in {place} has shrunk to {num} boats."
        "|Supermarkets have begun importing potatoes from abroad."
        "|The quotas were set after scientists warned of falling stocks.",
        "harvest|quota|vineyard|crop|catch|trawler|fishing fleet|grape|field|market price",
        "harvested|picked|caught|landed|planted|exported|imported|stored",
        "early|bumper|poor|agricultural|seasonal|wet|ripe",
        "farmers|fishermen|winemakers|growers",
        "agriculture minister|fishermen's association leader|winemaker|farm economist",
        "the agriculture ministry|the fisheries council|the farmers' union"),
    _topic(
        "summit",
        "Leaders meet in {place} for talks on trade|{region} and neighbours sign water-sharing deal"
        "|Foreign minister {surname} visits {place}",
        "Leaders of {small} countries met in {place} on {day} for two days of talks on trade and border security, "
        "with {person} hosting the summit."
        "|{region} and its neighbours signed a deal on {day} to share water from the river that runs along their "
        "border, ending a dispute that began in {year}."
        "|Foreign minister {person} arrived in {place} on {day} for talks on a new trade agreement, the first "
        "such visit in {small} years.",
        "The leaders issued a joint statement at the end of the first day."
        "|Protesters gathered outside the conference centre."
        "|Officials said the agreement would be signed within {small} months."
        "|Trade between the two sides is worth {cash} a year.",
        "summit|agreement|delegation|treaty|border|talks|communique|ambassador|trade deal|negotiator",
        "signed|negotiated|hosted|welcomed|agreed|discussed|ratified|postponed",
        "bilateral|diplomatic|historic|regional|fragile|joint|cordial",
        "diplomats|delegations|trade officials|negotiators",
        "foreign minister|ambassador|prime minister|trade commissioner",
        "the foreign ministry|the summit secretariat|the trade commission"),
    _topic(
        "protest",
        "Thousands march in {place} against fuel prices|Police clear protest camp in {place}"
        "|Farmers block roads into {place}",
        "Thousands of people marched through {place} on {day} to protest against rising fuel prices, and police "
        "said {small} people were arrested when some threw bottles."
        "|Police cleared a protest camp outside the parliament building in {place} early on {day}, ending a "
        "sit-in by students that had lasted {small} weeks."
        "|Farmers drove tractors onto the main roads into {place} on {day}, blocking traffic for hours in protest "
        "at cuts to subsidies.",
        "Organisers put the crowd at {n2}, but police said it was smaller."
        "|Shops along the route closed early."
        "|The protesters vowed to return next week."
        "|{person2}, one of the organisers, said the march had been peaceful.",
        "protest|march|banner|crowd|sit-in|demonstration|roadblock|rally|petition|riot police",
        "blocked|dispersed|arrested|gathered|demanded|cleared|organised|joined",
        "peaceful|angry|large|noisy|defiant|spontaneous|tense",
        "protesters|students|police officers|farmers",
        "protest organiser|police spokesperson|interior minister|student leader",
        "the interior ministry|the city police|the organising committee"),
    _topic(
        "tourism",
        "{place} expects record tourist season|Cruise ships to be limited in {place}"
        "|Tourist tax in {place} to double",
        "Hotels in {place} are almost fully booked for the summer, and the town expects a record {n2} visitors, "
        "the tourism office said on {day}."
        "|The port of {place} will allow no more than {small} cruise ships a day from next year, the council "
        "decided on {day}, after complaints about crowds."
        "|The tourist tax paid by visitors staying overnight in {place} will double from next month, the council "
        "said on {day}, to pay for street cleaning and repairs.",
        "Tourism makes up about {pct} percent of the local economy."
        "|Residents complained of noise and litter in the old town."
        "|Airlines added {num} new routes to the airport."
        "|Hotel owners said the tax would drive visitors to {place2}.",
        "tourist|hotel|cruise ship|booking|visitor|tourist tax|beach|guide|souvenir|old town",
        "booked|visited|welcomed|limited|taxed|promoted|attracted|hosted",
        "crowded|scenic|popular|seasonal|historic|busy|overnight",
        "tourists|hotel owners|residents|tour guides",
        "head of the tourism office|hotel association president|mayor of {place}|travel agent",
        "the tourism office|the port authority|the hotel association"),
)

# Sentences any story can use, in its topic's words.
_GENERIC = (
    "{person}, the {role}, said the {noun} had been {adj} from the start.",
    "\"We have never seen a {noun} like this in {place},\" said {person2}, the {role2}.",
    "{groups} {verb} the {noun} near {place2} on {day} afternoon, according to {body}.",
    "The {noun} came {num} days after {groups} in {region} {verb} a {adj} {noun2}.",
    "{body} said it would publish a full report on the {noun} within {small} weeks.",
    "Local radio in {place} reported that {groups} had gathered near the {noun2} by evening.",
    "{surname} added that the {noun2} would be examined by {body2}.",
    "In {place2}, {groups} described the {noun} as {adj} but said it could have been worse.",
    "Figures released by {body} put the number at {n1}, up from {num} a week earlier.",
    "{person3}, the {role3}, told reporters in {place} that more details would follow.",
    "It was not immediately clear how the {noun} would affect {groups} in the rest of {region}.",
    "The {adj} {noun} has drawn attention across {region}, where {groups} have raised concerns for years.",
    "Asked about the {noun2}, {surname2} said only that {groups} were \"working around the clock\".",
    "Opposition figures in {region} called on {body2} to explain its handling of the {noun}.",
    "Photographs shared online showed {groups} beside a {adj} {noun} on the edge of {place}.",
    "{surname} said the {noun} had so far cost about {cash}, a figure {body2} did not dispute.",
    "Officials in {place2} said they expected a decision on the {noun2} before the end of the month.",
    "The last {adj} {noun} in the area, in {year}, involved about {num} {groups}.",
    "Residents of {place} said the {noun} had been the main topic of conversation all week.",
    "{body} will hold another briefing in {place} later in the week, {surname2} said.",
    "Some {groups} said they had heard about the {noun} from neighbours before any official word.",
    "The {noun2} is expected to be discussed when {body2} meets in {place2} later this month.",
    "In a survey for a newspaper in {place}, {pct} percent of those asked said the {noun} worried them.",
    "\"Our first concern is for the {groups},\" {surname} said.",
    "\"It will take time, but we will get through this,\" {surname2} told a local newspaper.",
    "{surname3} said the {adj} {noun2} had been a warning that nobody heeded.",
    "A spokesperson for {body} declined to comment on the {noun}.",
    "{groups} from {place2} joined those in {place} on {day} evening.",
    "Critics said the {noun2} should have been dealt with years ago.",
    "{person2} said that {groups} in {place} had been given little warning.",
    "Questions remain about who was responsible for the {noun2}, and {body} has promised answers.",
    "Those affected can call a helpline set up by {body}, which has received {n1} calls so far.",
)


@dataclass(slots=True)
class Story:
    """One story's topic, its invented names and figures (``slots``), its share of the topic's words, and its
    title.  Its sentences come from :func:`sentence` and :func:`article_text`."""

    topic: Topic
    slots: dict[str, str]
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]
    adjectives: tuple[str, ...]
    groups: tuple[str, ...]
    title: str


class _Fill(dict[str, str]):
    """Template values: the story's own, and words drawn afresh for each sentence."""

    def __init__(self, story: Story, rng: random.Random) -> None:
        super().__init__()
        self.story, self.rng = story, rng

    def __missing__(self, key: str) -> str:
        story, rng = self.story, self.rng
        if key in story.slots:
            return story.slots[key]
        if key == "noun":
            value = self["noun"] = rng.choice(story.nouns)
        elif key == "noun2":
            value = rng.choice([n for n in story.nouns if n != self["noun"]] or list(story.nouns))
        elif key == "verb":
            value = rng.choice(story.verbs)
        elif key == "adj":
            value = rng.choice(story.adjectives)
        elif key == "groups":
            value = rng.choice(story.groups)
        elif key == "num":
            value = str(rng.randint(2, 60))
        else:
            raise KeyError(key)
        return value


def _some(rng: random.Random, words: tuple[str, ...]) -> tuple[str, ...]:
    """A story's share of a topic's words: about two thirds of them, so two stories of one topic differ."""
    return tuple(rng.sample(words, max(3, (2 * len(words) + 2) // 3)))


def make_story(rng: random.Random, when: date | None = None, topic: Topic | None = None) -> Story:
    """A new story: a topic (given or drawn), invented names and figures, and a title.  ``when`` is the day the
    story happened; its weekday is the one the text names (a random one when ``when`` is not given)."""
    topic = topic or rng.choice(TOPICS)
    people = [person_name(rng) for _ in range(3)]
    places = [place_name(rng), place_name(rng)]
    while places[1] == places[0]:
        places[1] = place_name(rng)
    slots = {
        "place": places[0], "place2": places[1], "region": region_name(rng),
        "person": people[0], "person2": people[1], "person3": people[2],
        "surname": people[0].split()[1], "surname2": people[1].split()[1], "surname3": people[2].split()[1],
        "org": rng.choice(topic.orgs).format(name=place_name(rng) if rng.random() < 0.5 else _stem(rng) + "ex"),
        "day": _WEEKDAYS[when.weekday()] if when else rng.choice(_WEEKDAYS),
        "n1": str(rng.randint(12, 950)), "n2": f"{rng.randint(1200, 48000):,}",
        "cash": f"{rng.randint(2, 900)}.{rng.randint(1, 9)} million {rng.choice(_CURRENCIES)}",
        "mag": f"{rng.randint(3, 8)}.{rng.randint(1, 9)}", "pct": str(rng.randint(3, 89)),
        "small": str(rng.randint(2, 9)), "year": str(rng.randint(1952, 2019)), "age": str(rng.randint(19, 36)),
        "score": f"{rng.randint(1, 5)}-{rng.randint(0, 3)}",
    }
    # roles and bodies may name the story's places: fill them in once
    roles = rng.sample(topic.roles, 3)
    slots.update(role=roles[0].format_map(slots), role2=roles[1].format_map(slots),
                 role3=roles[2].format_map(slots))
    bodies = rng.sample(topic.bodies, 2)
    slots.update(body=bodies[0].format_map(slots), body2=bodies[1].format_map(slots))
    story = Story(topic, slots, _some(rng, topic.nouns), _some(rng, topic.verbs), _some(rng, topic.adjectives),
                  _some(rng, topic.groups), "")
    story.title = _fill(rng.choice(topic.titles), story, rng)
    return story


def _fill(template: str, story: Story, rng: random.Random) -> str:
    text = template.format_map(_Fill(story, rng))
    return text[0].upper() + text[1:]


def sentence(rng: random.Random, story: Story | None = None) -> str:
    """One sentence of news prose about ``story`` (a new story drawn from ``rng`` when not given)."""
    story = story or make_story(rng)
    templates = story.topic.facts + _GENERIC
    return _fill(templates[rng.randrange(len(templates))], story, rng)


def article_text(rng: random.Random, words: int = 600, chrome: bool = True, story: Story | None = None) -> str:
    """About ``words`` words of news prose in paragraphs, with chrome lines when ``chrome`` is set.  It opens
    with the story's lead, then its topic's facts and general sentences in an order drawn from ``rng``."""
    story = story or make_story(rng)
    deck: list[str] = []

    def draw() -> str:
        if not deck:
            deck.extend(story.topic.facts + _GENERIC)
            rng.shuffle(deck)
        return _fill(deck.pop(), story, rng)

    paragraphs = [_fill(rng.choice(story.topic.leads), story, rng) + " " + draw()]
    count = len(paragraphs[0].split())
    while count < words:
        paragraph = " ".join(draw() for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    if chrome:
        for line in rng.sample(_CHROME, 3):
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), line)
    return "\n".join(paragraphs)


def records(n: int, seed: int = 0, words: int = 600) -> Iterator[dict[str, Any]]:
    """``n`` JSONL records with ids, URLs, outlets, dates, titles and text, each its own story."""
    rng = random.Random(seed)
    for i in range(n):
        outlet = f"outlet{i % 50}.example.com"
        when = date(2026, 1 + i % 12, 1 + i % 28)
        story = make_story(rng, when)
        yield {
            "id": f"synth-{seed}-{i}",
            "url": f"https://{outlet}/news/{i}",
            "outlet": outlet,
            "title": story.title,
            "published": when.isoformat(),
            "lang": "en",
            "text": article_text(rng, words, story=story),
        }


def write_jsonl(out: IO[str], n: int, seed: int = 0, words: int = 600) -> int:
    """Write ``n`` records; returns the bytes of article text written."""
    size = 0
    for record in records(n, seed, words):
        out.write(json.dumps(record) + "\n")
        size += len(record["text"].encode("utf-8"))
    return size


# --- stories with syndication chains and ground truth ----------------------------------------------

_RELATIONS = ("verbatim_copy", "verbatim_copy", "partial_copy", "rewrite")
# What a rewriting site changes: common words of the templates for others of the same sense.
_SWAPS = {
    "said": "stated", "about": "around", "residents": "locals", "officials": "authorities",
    "people": "residents", "expected": "anticipated", "after": "following", "began": "started", "started": "began",
    "large": "big", "worst": "most serious", "main": "principal", "nearby": "in the area", "announced": "revealed",
    "warned": "cautioned", "highest": "biggest", "reported": "said", "described": "characterised",
    "urged": "called on", "quickly": "rapidly", "help": "assist", "confirmed": "verified", "several": "a number of",
    "would": "will", "closed": "shut", "showed": "revealed", "ill": "sick", "percent": "per cent",
}
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+\.\d|\d+")


def _nudge(number: str, rng: random.Random) -> str:
    """Another figure written the same way: 1,250 -> 1,253; 6.4 -> 6.7; 42 -> 47."""
    if "." in number:
        whole, tenth = number.split(".")
        return f"{whole}.{(int(tenth) + rng.randint(1, 8)) % 10}"
    value = int(number.replace(",", "")) + rng.randint(1, 9)
    return f"{value:,}" if "," in number else str(value)


def _rewrite(text: str, rng: random.Random) -> str:
    """Edit every sentence a little and change some numbers, as a rewriting site would."""
    out = []
    for word in text.split(" "):
        bare = word.strip(".,;:\"'")
        if bare in _SWAPS and rng.random() < 0.7:
            word = word.replace(bare, _SWAPS[bare], 1)
        elif _NUMBER.fullmatch(bare) and rng.random() < 0.3:
            word = word.replace(bare, _nudge(bare, rng), 1)
        out.append(word)
    return " ".join(out)


def story_records(n: int, seed: int = 0, words: int = 300,
                  copies: tuple[int, int] = (1, 6)) -> Iterator[dict[str, Any]]:
    """``n`` articles in stories: an origin and its verbatim, partial and rewritten copies, some copied
    in turn (a chain).  Each story has its own topic, names and title, and is dated :data:`STORIES_PER_DAY`
    stories a day from :data:`FIRST_DAY`.  Each record carries the truth: ``truth_story``, ``truth_parent``
    and ``truth_relation``."""
    rng = random.Random(seed)
    made = story_no = 0
    while made < n:
        story_no += 1
        when = FIRST_DAY + timedelta(days=(story_no - 1) // STORIES_PER_DAY)
        story = make_story(rng, when)
        origin_id = f"s{seed}-{story_no}-0"
        paragraphs = article_text(rng, words, chrome=False, story=story).split("\n")
        yield _story_record(origin_id, story_no, seed, None, "origin", story.title, "\n".join(paragraphs), when, 0)
        made += 1
        texts = {origin_id: (story.title, paragraphs)}
        for k in range(1, rng.randint(*copies) + 1):
            if made >= n:
                return
            parent = rng.choice(sorted(texts))
            relation = rng.choice(_RELATIONS)
            title, source = texts[parent]
            if relation == "partial_copy":
                keep = max(1, len(source) // 3)
                body = source[:keep] + [sentence(rng, story) for _ in range(2)]
            elif relation == "rewrite":
                title, body = _rewrite(title, rng), [_rewrite(p, rng) for p in source]
            else:
                body = list(source)
            article_id = f"s{seed}-{story_no}-{k}"
            texts[article_id] = (title, body)
            text = "\n".join(body)
            if relation == "verbatim_copy":
                text = f"[ad_1]\n{text}\n[ad_2]\nSource link"
            yield _story_record(article_id, story_no, seed, parent, relation, title, text, when, k)
            made += 1


def _story_record(article_id: str, story: int, seed: int, parent: str | None, relation: str, title: str,
                  text: str, when: date, k: int) -> dict[str, Any]:
    return {"id": article_id, "url": f"https://site{(story * 7 + k) % 997}.example.com/{article_id}",
            "outlet": f"site{(story * 7 + k) % 997}", "published": f"{when.isoformat()}T{8 + k % 12:02d}:00:00",
            "lang": "en", "title": title, "text": text, "truth_story": f"s{seed}-{story}",
            "truth_parent": parent, "truth_relation": relation}
