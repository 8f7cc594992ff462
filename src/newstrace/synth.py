"""A deterministic generator of synthetic news articles, for benchmarks and tests.

Each story has a topic (one of forty-five: an earthquake, an election, a ferry grounding, a football
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
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO, Any

_CHROME = ("[ad_1]", "Advertisement", "Share this article", "Read more", "Source link", "COMMENTS",
           "Sign up to our newsletter for the latest news", "Most read in News")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CURRENCIES = ("euros", "dollars", "pounds", "francs")
FIRST_DAY = date(2024, 1, 1)  # stories are dated from here on
STORIES_PER_DAY = 10  # a bigger corpus covers more days, as a bigger news archive does
OPENING_WORDS = 45  # the first paragraph's length: the link stage looks for a shared lede in the first 40 words

# --- invented names, from syllables -----------------------------------------------------------------

_ONSETS = ("Ab Al Am Ar Ash Bal Bar Bel Bren Cal Cor Dal Dar Dun El Ev Fal Fen Gar Gil Hal Har Il Jar Kal "
           "Kel Kir Lan Lor Mal Mar Mel Mor Nor Ol Or Pel Quen Ral Ros Sal Sel Tal Tor Ul Val Ven Wes Yar "
           "Zel").split()
_MIDDLES = ("", "a", "e", "i", "o", "u", "en", "ar", "il", "on", "es", "ur", "am", "ol")
_SECONDS = ("ber", "dor", "gan", "lis", "mon", "ran", "sel", "tav", "ven", "wyn", "kor", "nal")
_PLACE_ENDS = "by ton mouth ford field wick more dale stead port ria ana ovo ez ach heim lund ville burg haven " \
              "bridge gate mere sk".split()
_REGION_ENDS = "land shire ia ara eth mark onia ova".split()
_RIVER_ENDS = "ra ne sa der wen ley ach is".split()
_FIRST_STARTS = "A Be Ca Da E Fa Ga Ha I Jo Ka Le Ma Ni O Pa Ra Sa Te Vi Ya Zo".split()
_FIRST_ENDS = "na lin ra mar ris dan ssa vin ko lia ren tta mir del sha".split()
_SURNAME_ENDS = "son ner vik ez ova ski well ard holm ani ari er ley ton ing".split()


def _stem(rng: random.Random) -> str:
    """The first part of an invented name: about nine thousand of them, so two stories seldom share a place."""
    return rng.choice(_ONSETS) + rng.choice(_MIDDLES) + (rng.choice(_SECONDS) if rng.random() < 0.5 else "")


def place_name(rng: random.Random) -> str:
    return _stem(rng) + rng.choice(_PLACE_ENDS)


def region_name(rng: random.Random) -> str:
    return _stem(rng) + rng.choice(_REGION_ENDS)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_STARTS)}{rng.choice(_FIRST_ENDS)} {_stem(rng)}{rng.choice(_SURNAME_ENDS)}"


def river_name(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_MIDDLES) + rng.choice(_RIVER_ENDS)


# --- topics ------------------------------------------------------------------------------------------
# Templates name a story's fixed parts in braces: {place} {place2} {region} {river} {person} {person2}
# {person3} {surname} {surname2} {surname3} {role} {role2} {role3} {body} {body2} {org} {org2} {day} {time}
# {n1} {n2} {count} {cash} {mag} {pct} {small} {year} {year2} {age} {score}; and parts drawn
# afresh each time: {noun} {noun2} {verb} {adj} {groups} {num}.  Verbs are past tenses taking an object;
# nouns are singular; groups plural; roles come before a name ("harbour master Ana Dalby").
#
# Copies are found by shared runs of words (four-word anchors, joined across gaps of up to 12 words, and
# any shared run of 8+ words in the first 40 is taken for a copied lede), so two stories must not share
# long ones.  In a lead no more than three words in a row are common to other stories (a weekday or a
# small number counts as common: two stories often have the same); in other sentences a name, place,
# number or topic word comes at least every six words, with at most one run of four or more.  A body
# (an agency, a court) is named with its story's region or town.


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    titles: tuple[str, ...]
    leads: tuple[str, ...]  # opening sentences, one for each title
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
        "Magnitude {mag} earthquake strikes {place}|Rescuers search rubble after deadly quake in {region}|{place} "
        "residents sleep outdoors after strong quake",
        "A {mag} quake hit {place} on {day}, damaging {n1} buildings in {region}, {person} said.|A quake killed "
        "{count} in {place}; rescuers in {region} searched {n1} homes on {day}, {person} said.|{n2} people in {place} "
        "slept outdoors, {person} said, after a {mag} quake on {day}.",
        "The quake, {small} kilometres deep, was centred {n1} kilometres from {place2}.|{surname} counted {num} "
        "aftershocks by {time}, the strongest measuring {mag}.|Schools in {place} will stay shut until {num} "
        "engineers from {place2} check them.|{region} last felt a tremor of {mag} in {year}, {surname2} said.|Field "
        "hospitals opened in {place2}, where {surname3} said {num} injured arrived overnight.",
        "aftershock|epicentre|tremor|rubble|fault line|shelter|building "
        "code|seismograph|evacuation|crack|foundation|ground floor",
        "searched|cleared|inspected|evacuated|reinforced|monitored|recorded|surveyed",
        "shallow|violent|deadly|powerful|sudden|unstable|structural|seismic",
        "rescue teams|seismologists|engineers|displaced families",
        "seismologist|civil protection chief|structural engineer|mayor",
        "the {region} seismology institute|the {region} civil protection agency|the {place} emergency service"),
    _topic(
        "flood",
        "Floods cut off {place} as the {river} bursts its banks|Families stranded as floodwater rises in "
        "{region}|{place} counts cost of worst flooding since {year}",
        "Floodwater swept through {place} on {day}; {n1} fled as the {river} rose {mag} metres, {person} said.|Boat "
        "crews from {place2} reached {n1} families in {place} on {day}, said {person} of {body}.|Shopkeepers in "
        "{place} pumped {n1} cellars on {day}, {count} hours after the {river} flooded.",
        "The {river} peaked at {mag} metres near {place2}.|Volunteers filled {n2} sandbags at the {place} fire "
        "station overnight.|Insurers in {place2} put claims at {cash}.|Trains between {place} and {place2} stopped "
        "running at {time}.",
        "riverbank|levee|floodwater|sandbag|cellar|pumping station|flood barrier|rainfall|embankment|drainage "
        "channel|evacuation centre",
        "pumped|reinforced|evacuated|patrolled|cleared|monitored|rescued|checked",
        "swollen|muddy|relentless|low-lying|waterlogged|torrential|rising",
        "volunteers|firefighters|farmers|shopkeepers",
        "flood warden|river engineer|mayor|emergency planner",
        "the {region} river authority|the {region} weather service|the {place} emergency office"),
    _topic(
        "wildfire",
        "Wildfire forces evacuation of {place}|Firefighters battle blaze on hills above {place}|Smoke from forest "
        "fire closes schools near {place}",
        "A wildfire across {n2} hectares of {region} forced {place} to evacuate, {person} said on {day}.|Flames above "
        "{place} drew {n1} firefighters on {day}; {count} homes burned, {person} said.|Smoke near {place} shut "
        "{count} schools on {day}, {person} said.",
        "Aircraft from {place2} made {num} runs over the ridge by {time}.|{surname} said the blaze started at "
        "{place2}, {num} kilometres away.|Temperatures in {region} have topped {num} degrees for {small} days.|{n1} "
        "firefighters from {place2} joined the crews, {surname2} said.",
        "blaze|firebreak|ember|pine forest|smoke plume|hillside|water bomber|fire line|ash cloud|containment "
        "line|scrubland",
        "contained|battled|evacuated|doused|cleared|patrolled|monitored|protected",
        "dry|scorched|fierce|smouldering|wind-driven|charred|uncontrolled",
        "firefighters|evacuees|forest rangers|campers",
        "fire chief|forest ranger|mayor|incident commander",
        "the {region} forest service|the {region} fire brigade|the {place} civil defence office"),
    _topic(
        "storm",
        "Storm leaves {n2} homes without power in {region}|Ferries and flights cancelled as gale hits {place}|Crews "
        "restore power in {place} after storm rips off roofs",
        "Gusts of {n1} km/h hit {region} on {day}, and {person} said {n2} homes lost power.|Gales grounded {count} "
        "flights at {place} on {day}, {person} said.|Crews in {place} restored power to {n2} homes by {time} on "
        "{day}, {person} said.",
        "{surname} said the top warning for {region} came on {day} morning.|A tree fell on {small} cars near "
        "{place2}, {surname} said.|{surname2} expected {pct} percent of homes back on by {day} night.|Waves of "
        "{small} metres broke over the {place} harbour wall.",
        "gust|power line|roof|storm surge|fallen tree|weather warning|harbour wall|substation|coastline|downpour",
        "repaired|cleared|reconnected|secured|closed|inspected|restored|cancelled",
        "gale-force|violent|stormy|battered|fierce|exposed|coastal",
        "power crews|coastguard teams|ferry passengers|homeowners",
        "forecaster|network manager|harbour master|mayor",
        "the {region} weather service|the {region} power company|the {place} coastguard"),
    _topic(
        "drought",
        "Heatwave pushes temperatures to record in {place}|{region} farmers warn of losses as drought deepens|Water "
        "restrictions ordered in {place} after dry summer",
        "{place} hit a record {count} degrees on {day}, {person} said.|Harvests in {region} fell {pct} percent as "
        "{river} ran dry, {person} said on {day}.|With the {river} low, {place} banned hosepipes, {person} said on "
        "{day}.",
        "Hospitals in {place2} treated {num} people for heatstroke, {surname} said.|The {place} reservoir sits "
        "{small} metres below its usual level.|{n1} libraries in {region} opened as cooling centres.|{surname2} "
        "recalled rationing in {region} during the drought of {year}.",
        "reservoir|heatstroke|hosepipe ban|irrigation|harvest|water supply|cooling centre|dry spell|crop|groundwater",
        "rationed|conserved|irrigated|harvested|restricted|monitored|recorded|measured",
        "parched|scorching|dry|sweltering|cracked|depleted|drought-hit",
        "farmers|older residents|water engineers|gardeners",
        "water engineer|meteorologist|farmers' leader|health officer",
        "the {region} water company|the {region} meteorological office|the {place} farmers' union"),
    _topic(
        "volcano",
        "Volcano near {place} erupts, sending ash {small} kilometres high|Flights grounded as ash cloud drifts over "
        "{region}|Villagers flee lava flows on slopes of Mount {place2}",
        "Mount {place2} erupted on {day}, {person} said, and {n1} villagers left {place}.|Ash from Mount {place2} "
        "grounded {count} flights across {region} on {day}, said {person} of {body}.|Lava from Mount {place2} reached "
        "{place} on {day}, {person} said; {n2} people have fled.",
        "{surname} raised the alert level for Mount {place2} twice in {small} days.|Grey ash coated {place}, where "
        "{surname2} said residents wore masks.|The eruption of {year} buried {num} farms around {place2}.|Sensors "
        "counted {n1} small quakes beneath the crater by {time}.",
        "crater|lava flow|ash cloud|eruption|gas plume|alert level|slope|exclusion zone|vent|ashfall",
        "evacuated|monitored|measured|tracked|recorded|sampled|closed|cleared",
        "volcanic|molten|active|ash-covered|glowing|restless|sulphurous",
        "vulcanologists|villagers|pilots|evacuees",
        "vulcanologist|civil protection chief|airport director|mayor",
        "the {region} volcano observatory|the {region} aviation authority|the {place} civil protection office"),
    _topic(
        "ferry",
        "Ferry with {n1} passengers runs aground off {place}|Passengers rescued after ferry hits rocks near "
        "{place}|Inquiry opens into ferry grounding at {place}",
        "The ferry {org} ran aground off {place} on {day} with {n1} aboard, {person} said.|After the {org} hit rocks "
        "near {place}, crews from {place2} rescued {n1} passengers, {person} said.|Captain {person3} of the {org}, "
        "which grounded at {place}, faced questions from {person} on {day}.",
        "The {org} had left {place2} at {time}.|Divers from {place2} found a {small}-metre gash in the "
        "hull.|{surname} cancelled all sailings to {place} until {day}.|Passengers told {surname2} the lights failed "
        "at {time}.",
        "ferry|hull|lifeboat|harbour|channel|car deck|captain|sailing|gangway|life jacket|reef",
        "towed|evacuated|inspected|boarded|refloated|questioned|escorted|grounded",
        "stranded|shaken|rocky|narrow|damaged|crowded|choppy",
        "passengers|crew members|coastguard teams|divers",
        "coastguard commander|harbour master|maritime investigator|ferry company manager",
        "the {region} coastguard|the {region} maritime accident board|the {place} ferry operator",
        "{name}"),
    _topic(
        "train",
        "Train derails near {place}, injuring {n1}|Rail line to {place} closed after derailment|Signal fault blamed "
        "for {place} train crash",
        "A train with {n1} passengers derailed near {place} on {day}, {person} said.|The line from {place} to "
        "{place2} stayed shut, {person} said on {day}.|A signal near {place} derailed the {time} from {place2} on "
        "{day}, {person} said.",
        "{surname} put the speed at {n1} kilometres an hour.|Buses ran between {place} and {place2} "
        "instead.|{surname2} said the carriages were built in {year}.|Passengers climbed out of windows before {num} "
        "rescuers came from {place2}.",
        "carriage|signal|track|locomotive|platform|rail line|timetable|junction|sleeper|level crossing",
        "lifted|repaired|inspected|suspended|rerouted|examined|replaced|cleared",
        "derailed|twisted|overturned|delayed|faulty|busy|damaged",
        "passengers|rail workers|investigators|commuters",
        "rail chief|accident investigator|station manager|transport minister",
        "the {region} rail accident board|the {region} rail operator|the {place} transport office"),
    _topic(
        "plane",
        "Plane makes emergency landing at {place} after engine fire|Plane lands without wheels at {place}|{org} "
        "grounds jets after scare over {region}",
        "A jet with {n1} aboard landed at {place} on {day}, {person} said, trailing smoke.|Flight {count} landed at "
        "{place} on {day} at {time}, gear up, {person} said.|{org} grounded {count} jets after flight {n1} turned "
        "back over {region}, {person} said on {day}.",
        "The flight had left {place2} at {time}.|Fire engines met the jet, and {place} airport shut for {small} "
        "hours.|{n1} flights to {place} were delayed, {surname} said.|The pilot called for help {num} minutes after "
        "leaving {place2}.",
        "runway|engine|cockpit|landing gear|cabin|emergency chute|flight|terminal|fuselage|control tower",
        "grounded|diverted|inspected|evacuated|delayed|cleared|checked|refuelled",
        "emergency|airborne|smoky|shaken|grounded|routine|mechanical",
        "passengers|cabin crew|air traffic controllers|engineers",
        "airport director|air safety investigator|airline spokesman|pilot",
        "the {region} aviation authority|the {place} airport operator|the {region} air accident office",
        "{name} Air|{name} Airways|Air {name}"),
    _topic(
        "road crash",
        "Bus crash on mountain road near {place} kills {small}|Fog crash closes motorway near {place}|Lorry driver "
        "arrested after school bus crash near {place}",
        "A bus with {n1} aboard crashed near {place} on {day}, {person} said; {small} died.|In fog, {count} vehicles "
        "crashed outside {place} on {day}, {person} said.|A lorry from {place2} struck a {place} school bus, {person} "
        "said on {day}.",
        "Rescuers from {place2} cut {small} people out of the wreckage.|{surname} said the road was resurfaced in "
        "{year}.|Traffic queued for {num} kilometres through {place2}.|The injured went to hospitals in {place} and "
        "{place2}, {surname2} said.",
        "motorway|lorry|crash barrier|junction|wreckage|driver|speed limit|lane|ambulance|roadside",
        "closed|diverted|cleared|towed|freed|arrested|examined|reopened",
        "foggy|icy|winding|overturned|fatal|steep|crowded",
        "paramedics|drivers|police officers|passengers",
        "police commander|ambulance chief|mayor|road safety campaigner",
        "the {region} traffic police|the {region} highways agency|the {place} ambulance service"),
    _topic(
        "building fire",
        "Fire tears through apartment block in {place}|{n1} firefighters tackle warehouse blaze in {place}|Residents "
        "evacuated as fire spreads in {place} old town",
        "Fire gutted {n1} flats in {place} at {time} on {day}, {person} said.|Flames at a {place} warehouse drew {n1} "
        "firefighters on {day}, {person} said.|Fire from a {place} kitchen reached {count} buildings on {day}, "
        "{person} said.",
        "{surname} said investigators were checking wiring in {place}.|Ladder crews saved {small} people from a "
        "balcony in {place}.|{surname2} told people near {place} to keep windows shut.|The block passed a check in "
        "{year}, {surname} said.",
        "stairwell|smoke alarm|apartment|ladder|roof|warehouse|sprinkler|fire escape|balcony|kitchen",
        "extinguished|rescued|evacuated|ventilated|examined|gutted|sealed|inspected",
        "smoke-filled|gutted|blackened|fierce|burning|fire-damaged|crowded",
        "firefighters|residents|neighbours|fire investigators",
        "fire chief|fire investigator|building manager|mayor",
        "the {place} fire brigade|the {place} housing association|the {region} police"),
    _topic(
        "mine",
        "{small} miners trapped after collapse at {place} mine|Gas explosion at {place} mine kills {small}|Families "
        "wait at {place} mine as rescuers drill shaft",
        "A collapse at {place} trapped {small} miners {n1} metres down, {person} said on {day}.|Gas exploded at "
        "{place}, killing {small} miners, {person} said on {day}.|Families waited at {place} for {count} trapped "
        "miners, {person} said on {day}.",
        "Air reached the miners by {time} through a pipe, {surname} said.|{org} employs {n2} people around "
        "{place}.|Inspectors fined {org} in {year} over ventilation.|{surname2} called for a review of {num} mines in "
        "{region}.",
        "shaft|tunnel|coal seam|ventilation|pit|rescue capsule|methane|mine shaft|drill|safety inspection",
        "drilled|ventilated|shored|inspected|reached|sealed|evacuated|pumped",
        "underground|trapped|narrow|unstable|flooded|dusty|gas-filled",
        "miners|rescue teams|mine inspectors|union leaders",
        "mine manager|rescue chief|union leader|labour minister",
        "the {region} mine inspectorate|the {region} mining union|the {place} mine rescue service",
        "{name} Mining|{name} Coal|{name} Minerals"),
    _topic(
        "election",
        "{person} claims victory in {region} election|{region} votes in test for {org}|{org} wins most seats in "
        "{place} vote",
        "{person} claimed victory in {region} for the {org} on {day}, {person2} said.|Voters in {region} queued at "
        "{n1} polling stations, {person} said on {day}.|The {org} won {count} seats in {place} on {day}, {person} "
        "said.",
        "Turnout reached {pct} percent, the highest since {year}.|Counting went on in {place2} until "
        "{time}.|{person2} conceded just after {time}.|Observers from {place2} said voting in {region} was orderly.",
        "ballot|polling station|turnout|seat|coalition|campaign|recount|manifesto|constituency|majority",
        "counted|won|contested|conceded|campaigned|challenged|secured|announced",
        "narrow|decisive|close|disputed|electoral|early|provisional",
        "voters|campaigners|election observers|party members",
        "party leader|election commissioner|political analyst|candidate",
        "the {region} electoral commission|the {region} election board|the {place} observers' mission",
        "{name} Party|{name} Alliance|{name} Democrats|{name} League"),
    _topic(
        "parliament",
        "Lawmakers back {surname}'s bill on online platforms|Parliament rejects changes to {region} voting rules|Rent "
        "cap for {place} passes first reading",
        "A bill by {person} won {n1} votes on {day}, {person2} said.|Lawmakers voted {n1} to {count} against rules "
        "for {region} drafted by {person} on {day}.|{place} rent caps won {n1} votes on {day}, {person} said.",
        "{surname2} expects a second vote in {small} weeks.|{surname} called the vote good news for {region}.|{num} "
        "amendments from the {org} failed.|The debate ran until {time}.",
        "bill|amendment|committee|reading|lawmaker|chamber|debate|clause|vote|opposition",
        "approved|amended|rejected|debated|drafted|passed|delayed|tabled",
        "controversial|parliamentary|lengthy|cross-party|final|legislative|narrow",
        "lawmakers|opposition members|campaign groups|committee members",
        "minister|speaker|opposition leader|committee chair",
        "the {region} parliament committee|the {region} upper chamber|the {place} justice office",
        "{name} Party|{name} Union|{name} League"),
    _topic(
        "budget",
        "{place} council approves budget with {pct} percent tax rise|Finance minister {surname} unveils spending "
        "plans|{region} budget cuts hit schools and libraries",
        "{place} approved spending of {cash}, {person} said on {day}.|Finance minister {person} unveiled spending of "
        "{cash}, {person2} said on {day}.|Cuts of {cash} put {count} libraries in {region} at risk, {person} said on "
        "{day}.",
        "Spending on schools in {region} rises {pct} percent.|{surname} said the cuts would cost {n1} jobs.|The "
        "deficit of {region} hit {cash} last year, {surname2} said.|Councillors in {place} vote on the plan in "
        "{small} weeks.",
        "deficit|tax rise|spending cut|revenue|pension|subsidy|debt|budget|forecast|allowance",
        "approved|cut|raised|froze|borrowed|balanced|audited|presented",
        "fiscal|austere|balanced|annual|costly|public|unpopular",
        "taxpayers|council members|public sector unions|economists",
        "finance minister|council treasurer|economist|taxpayers' spokesman",
        "the {region} finance ministry|the {region} budget office|the {place} audit committee",
        "{name} Bank|{name} Capital|{name} Research"),
    _topic(
        "interest rates",
        "Central bank raises rate to {mag} percent|Governor {surname} signals pause in rate rises|Rate cut lifts "
        "shares in {place}",
        "Rates in {region} rose to {mag} percent on {day}, {person} said.|Rates in {region} may stop rising, {person} "
        "said on {day}.|Shares in {place} rose {pct} percent after {region} cut rates, {person} said on {day}.",
        "Inflation in {region} stood at {mag} percent.|{small} of {num} committee members backed the move, {surname} "
        "said.|Lenders in {place} will pass on the change within {small} days.|Economists at {org} had expected it, "
        "{surname2} said.",
        "interest rate|inflation|mortgage|bond yield|currency|rate committee|lender|borrowing cost|savings|monetary "
        "policy",
        "raised|cut|held|lowered|signalled|tightened|eased|priced",
        "monetary|hawkish|cautious|inflationary|benchmark|steady|volatile",
        "investors|borrowers|economists|traders",
        "governor|chief economist|currency strategist|deputy governor",
        "the {region} central bank|the {region} statistics office|the {region} treasury",
        "{name} Bank|{name} Securities|{name} Partners"),
    _topic(
        "earnings",
        "{org} profit jumps {pct} percent on strong demand|Shares in {org} fall after weak sales|{org} cuts forecast "
        "as costs rise",
        "Profit at {org} of {place} rose {pct} percent to {cash}, {person} said on {day}.|Shares in {org} fell {pct} "
        "percent as {region} sales dropped, {person} said on {day}.|{org} of {place} cut its forecast, {person} said "
        "on {day}.",
        "Revenue reached {cash}, {surname} said.|{person2} said demand in {region} held up.|{org} employs {n2} "
        "people.|{surname2} called the results the best in {small} years.",
        "profit|revenue|quarter|share price|forecast|dividend|margin|sales|shareholder|outlook",
        "reported|beat|missed|raised|trimmed|posted|announced|reviewed",
        "quarterly|annual|strong|weak|underlying|operating|disappointing",
        "investors|analysts|shareholders|customers",
        "chief executive|finance director|analyst|investor relations head",
        "the {region} stock exchange|the {place} board|the {region} market regulator",
        "{name} Group|{name} Holdings|{name} Industries|{name} Foods"),
    _topic(
        "takeover",
        "{org} agrees {cash} takeover|Regulator blocks {org} merger|Board of {org} rejects bid",
        "{org} will buy {org2} for {cash}, {person} said on {day}.|Regulators in {region} blocked the {org} merger, "
        "{person} said on {day}.|The board of {org} has rejected {org2}, said {person} on {day}.",
        "Shareholders vote on the deal in {small} weeks.|{n1} jobs will go, {surname} said.|The bid was {pct} percent "
        "above the price of {org} on {day}.|{surname2} said the head office stays in {place}.",
        "takeover|merger|bid|offer|regulator|shareholder|acquisition|rival|competition|deal",
        "acquired|blocked|approved|rejected|valued|financed|negotiated|announced",
        "hostile|combined|friendly|all-cash|rival|proposed|lucrative",
        "shareholders|bankers|regulators|competitors",
        "chairman|competition commissioner|merger lawyer|chief executive",
        "the {region} competition authority|the {region} stock exchange|the {place} board",
        "{name} Group|{name} Holdings|{name} Materials|{name} Telecom"),
    _topic(
        "factory closure",
        "{org} to close {place} plant with loss of {n1} jobs|Workers protest as {org} cuts jobs in {region}|{place} "
        "fears for its future after factory closure",
        "In {year2}, {org} shuts its {place} plant, ending {n1} jobs, {person} said on {day}.|{n1} workers marched in "
        "{place} over cuts at {org} on {day}.|Shopkeepers in {place} told {person} on {day} that {n1} jobs went when "
        "{org} shut.",
        "{surname} said orders fell {pct} percent.|{place} will seek a buyer, {surname2} said.|The union in {region} "
        "will seek talks on {day}.|The plant opened in {year} and once employed {n2} people.",
        "plant|factory|job cut|production line|redundancy|shift|order book|supplier|workforce|closure",
        "closed|cut|moved|shut|relocated|announced|reviewed|offered",
        "industrial|redundant|skilled|struggling|local|outdated|profitable",
        "factory workers|union officials|suppliers|shop owners",
        "plant manager|union official|mayor|economy minister",
        "the {region} metalworkers' union|the {region} development agency|the {place} works council",
        "{name} Motors|{name} Steel|{name} Textiles|{name} Electronics"),
    _topic(
        "strike",
        "Rail strike halts trains across {region}|Teachers in {place} walk out over pay|Dock workers at {place} "
        "extend strike",
        "Train drivers in {region} walked out for {count} days from {day}, {person} said.|Teachers in {place} walked "
        "out, closing {n1} schools on {day}, {person} said.|Dockers at {place} stayed out, leaving {n2} containers "
        "offshore, {person} said on {day}.",
        "Inflation in {region} is {mag} percent, {surname} said.|{surname2} called the offer fair and final.|Pickets "
        "stood at the gates in {place} from {time}.|Talks resume in {place2} in {small} days.",
        "strike|picket line|pay offer|walkout|union|wage|negotiation|mediator|overtime|contract",
        "rejected|balloted|extended|suspended|negotiated|called|joined|offered",
        "indefinite|industrial|bitter|unofficial|nationwide|fair|final",
        "strikers|union members|commuters|employers",
        "union leader|transport minister|employers' spokesman|mediator",
        "the {region} transport union|the {region} labour ministry|the {place} employers' federation"),
    _topic(
        "trial",
        "Trial of {person} opens in {place}|{person} found guilty of fraud|Judge jails {surname} for {small} years",
        "The trial of {person} opened in {place} on {day}, {person2} said.|A court in {place} found {person} guilty "
        "of taking {cash} from {n1} investors, {person2} said on {day}.|A judge in {place} jailed {person} for "
        "{small} years, {person2} said on {day}.",
        "Prosecutors called {n1} witnesses, {surname2} said.|{person3} said the defence would appeal.|The jury in "
        "{place} sat for {small} days.|{num} victims watched from the gallery.",
        "verdict|jury|witness|sentence|prosecutor|appeal|courtroom|testimony|charge|evidence",
        "convicted|acquitted|sentenced|appealed|denied|charged|questioned|heard",
        "guilty|lengthy|criminal|fraudulent|unanimous|legal|judicial",
        "jurors|prosecutors|witnesses|victims",
        "judge|prosecutor|defence lawyer|legal scholar",
        "the {place} district court|the {region} prosecutor's office|the {region} appeals court"),
    _topic(
        "robbery",
        "Watches worth {cash} stolen in {place}|Armed robbers raid bank in {place}|Manhunt under way in {region} "
        "after prison break",
        "Thieves in {place} took watches worth {cash}, {person} said on {day}.|Gunmen robbed a {place} bank at {time} "
        "and fled toward {place2}, {person} said on {day}.|Police in {region} hunted {count} inmates who fled {place} "
        "jail on {day}, {person} said.",
        "Officers found {num} stolen watches in {place2}.|{surname} asked drivers near {place} for camera footage.|No "
        "one was badly hurt, {surname2} said.|{person3} was remanded in custody in {place}.",
        "suspect|detective|robbery|getaway car|warrant|custody|raid|manhunt|evidence|footage",
        "arrested|charged|questioned|searched|recovered|detained|traced|released",
        "armed|stolen|masked|suspected|criminal|violent|undercover",
        "detectives|police officers|witnesses|shop staff",
        "detective|police chief|shop owner|prison governor",
        "the {region} police|the {place} prosecutor's office|the {region} prison service"),
    _topic(
        "corruption",
        "Minister {surname} resigns over contracts inquiry|Prosecutors raid offices of {org}|Inquiry finds {place} "
        "council broke rules",
        "Contracts in {region} cost minister {person} the post, {person2} said on {day}.|Prosecutors raided {org} and "
        "{place} town hall, {person} said on {day}.|{place} broke hiring rules {n1} times, inquiry head {person} "
        "found on {day}.",
        "{surname} denied any wrongdoing.|Investigators took {num} computers from {place}.|The opposition in {region} "
        "called for an early vote.|{surname2} said {region} needs a register of lobbyists.",
        "inquiry|bribe|contract|procurement|permit|resignation|whistleblower|audit|investigation|kickback",
        "investigated|awarded|seized|audited|exposed|denied|questioned|uncovered",
        "corrupt|secret|improper|public|damning|independent|alleged",
        "investigators|whistleblowers|anti-corruption campaigners|auditors",
        "prosecutor|auditor|opposition leader|mayor",
        "the {region} anti-corruption office|the {region} audit office|the {place} prosecutor",
        "{name} Construction|{name} Consulting|{name} Developments"),
    _topic(
        "cyberattack",
        "Cyberattack shuts down {place} hospital systems|Hackers steal data of {n2} customers from {org}|{region} "
        "council hit by ransomware",
        "Hackers shut the {place} hospital network at {time} on {day}, {person} said.|Data on {n2} customers of {org} "
        "was stolen, {person} said on {day}.|Ransomware hit {region} council on {day}, {person} said.",
        "{surname} traced the attack to {place2}.|{surname2} said the group had hit {small} other targets.|Backups in "
        "{place2} restored some systems within {small} days.|{surname3} opened an inquiry on {day}.",
        "ransomware|server|password|hacker|data breach|network|firewall|backup|phishing email|encryption",
        "hacked|encrypted|restored|stole|leaked|patched|breached|disabled",
        "malicious|encrypted|digital|sensitive|compromised|online|vulnerable",
        "hackers|security researchers|customers|IT staff",
        "security researcher|chief information officer|data commissioner|cyber chief",
        "the {region} cyber security centre|the {region} data authority|the {place} police",
        "{name} Telecom|{name} Bank|{name} Energy|{name} Insurance"),
    _topic(
        "space launch",
        "Rocket carrying satellites lifts off from {place}|Launch of {org} rocket scrubbed over fuel leak|{org} "
        "lander touches down on the Moon",
        "A rocket carrying {count} satellites left {place} at {time} on {day}, {person} said.|A launch at {place} was "
        "scrubbed at {time}, {person} said on {day}.|Controllers in {place} cheered at {time} on {day} as {org} "
        "landed, {person} said.",
        "The booster landed on a barge {n1} kilometres out.|The mission cost {cash}, {surname} said.|Tests will take "
        "{small} weeks, {surname2} said.|The next window opens on {day} at {time}.",
        "rocket|satellite|orbit|launch pad|countdown|booster|payload|spacecraft|mission control|lander",
        "launched|deployed|tracked|scrubbed|fuelled|tested|guided|recovered",
        "orbital|reusable|lunar|successful|delayed|uncrewed|scientific",
        "engineers|astronomers|spectators|flight controllers",
        "mission director|launch director|planetary scientist|space agency head",
        "the {region} space agency|the {place} mission control|the {region} satellite operator",
        "{name} Aerospace|{name} Space|{name} Orbital"),
    _topic(
        "archaeology",
        "Archaeologists find Roman villa in {place}|Hoard of {n1} coins found near {place}|Ancient tomb discovered in "
        "{region}",
        "Archaeologists in {place} found {count} Roman mosaics, {person} said on {day}.|A detectorist found {n1} "
        "silver coins near {place}, {person} said on {day}.|A tomb near {place} held {count} pots, {person} said on "
        "{day}.",
        "The site in {place} opens to visitors for {small} days.|Tests in {place2} will date the finds, {surname} "
        "said.|{person2} said the mosaics were well preserved.|The finds go on show in {place2} in {year2}.",
        "excavation|mosaic|tomb|coin|pottery|skeleton|trench|artefact|burial|site",
        "excavated|unearthed|dated|catalogued|preserved|examined|recovered|mapped",
        "ancient|medieval|rare|buried|intact|prehistoric|decorated",
        "archaeologists|historians|students|museum curators",
        "archaeologist|museum director|historian|county archaeologist",
        "the {region} heritage agency|the {place} museum|the {region} university"),
    _topic(
        "medicine",
        "{org} vaccine cuts infections by {pct} percent in trial|Regulator approves {org} pill for heart "
        "disease|Study links traffic fumes to dementia in {region}",
        "A vaccine by {org} cut cases {pct} percent, {person} said on {day}.|Heart patients in {region} can take "
        "{org} from {day}, {person} said.|A study from {place} tied dementia in {region} to traffic, {person} said on "
        "{day}.",
        "Side effects were mild, {surname} said.|The trial ran at {n1} clinics for {small} years.|{surname2} said the "
        "results needed checking.|{org} can make {n2} doses a month.",
        "vaccine|trial|dose|volunteer|side effect|placebo|clinic|study|patient|regulator",
        "tested|approved|enrolled|vaccinated|published|reviewed|measured|compared",
        "clinical|effective|mild|randomised|preliminary|medical|safe",
        "volunteers|researchers|doctors|patients",
        "lead researcher|medical officer|professor|regulator",
        "the {region} medicines agency|the {region} health ministry|the {place} medical school",
        "{name}"),
    _topic(
        "hospitals",
        "Waiting lists at {place} hospitals reach record|Nurses in {region} warn of staff shortages|{place} emergency "
        "department to close at night",
        "A record {n2} patients in {place} await surgery, {person} said on {day}.|Nurses in {region} told {person} on "
        "{day} of {n1} vacancies.|Emergency care in {place} ends at {time} from {day}, {person} said.",
        "Patients in {place2} face a drive of {n1} kilometres.|{region} has {n2} vacancies for nurses, {surname} "
        "said.|Hip operations in {place} have the longest waits.|{surname2} said hiring from abroad would help.",
        "waiting list|ward|nurse|operation|emergency department|ambulance|bed|shift|vacancy|appointment",
        "treated|admitted|discharged|postponed|recruited|staffed|transferred|cancelled",
        "overstretched|understaffed|urgent|elective|critical|routine|chronic",
        "nurses|patients|junior doctors|hospital managers",
        "health minister|chief nurse|hospital director|patients' spokesman",
        "the {region} health service|the {region} nurses' union|the {place} hospital trust"),
    _topic(
        "outbreak",
        "Measles outbreak in {place} spreads to schools|Food poisoning traced to {place} restaurant|Bird flu found on "
        "farm near {place}",
        "{place} has {n1} measles cases, {person} said on {day}.|{n1} diners at a {place} restaurant fell ill, "
        "{person} said on {day}.|Bird flu near {place} means culling {n2} birds, {person} said on {day}.",
        "{surname} urged parents in {region} to check vaccinations.|Samples went to {place2} for testing.|Farms "
        "within {small} kilometres of {place} face limits.|No deaths were reported, {surname2} said.",
        "outbreak|infection|case|vaccination|laboratory|symptom|quarantine|contact tracing|virus|sample",
        "confirmed|traced|tested|isolated|culled|vaccinated|reported|contained",
        "infectious|contagious|unvaccinated|suspected|seasonal|viral|confirmed",
        "health officials|parents|vets|laboratory staff",
        "health director|chief vet|infectious disease doctor|school principal",
        "the {region} public health agency|the {region} food safety authority|the {place} health office"),
    _topic(
        "transfer",
        "{org} sign striker {person} for club record|{person} leaves {org}|{surname} to join {org}",
        "Striker {person} joined {org} for {cash}, {person2} said on {day}.|Midfielder {person} left {org} after {n1} "
        "games, {person2} said on {day}.|Defender {person} will join {org}, {person2} said on {day}.",
        "{surname} scored {num} goals last season.|The contract runs to {year2}.|{num} fans waited outside the ground "
        "in {place}.|Manager {person2} said {surname} adds pace.",
        "transfer|striker|contract|fee|midfielder|signing|manager|season|squad|transfer window",
        "signed|sold|loaned|agreed|completed|joined|released|scouted",
        "record|talented|young|attacking|free|prolific|experienced",
        "supporters|scouts|agents|teammates",
        "manager|sporting director|captain|agent",
        "the {region} league|the {place} board|the {region} players' union",
        "{name} United|{name} City|{name} Rovers|Athletic {name}|Real {name}|FC {name}"),
    _topic(
        "football match",
        "{org} beat rivals {score} to top the table|Late goal rescues draw for {org}|{org} knock holders {org2} out "
        "of cup",
        "{org} won {score} before {n2} fans in {place} on {day}; {person} scored twice.|{person} equalised for {org} "
        "in the {count}th minute on {day}, {person2} said.|{org} beat holders {org2} {score} in {place} on {day}.",
        "{surname2} was sent off in the {num}th minute.|{org} have won {small} in a row.|Manager {person2} praised "
        "the defence.|The sides meet again in {place2} on {day}.",
        "goal|penalty|header|stoppage time|referee|corner|goalkeeper|league table|half|stadium",
        "scored|saved|defended|conceded|celebrated|booked|substituted|missed",
        "late|stunning|hard-fought|defensive|disallowed|unbeaten|dramatic",
        "fans|players|coaches|stewards",
        "manager|captain|goalkeeper|referee",
        "the {region} league|the {region} football association|the {place} club",
        "{name} United|{name} City|{name} Rovers|Athletic {name}|Real {name}|FC {name}"),
    _topic(
        "tennis",
        "{person} wins {place} Open final|{person} breaks national record in {place}|Upset as {person} beats top seed "
        "in {place}",
        "{person} won the {place} Open, beating {person2} on {day}.|{person} broke the {region} record in {place} on "
        "{day}, {person2} said.|Qualifier {person} beat top seed {person2} in {place} on {day}.",
        "{n2} fans rose to applaud the players.|{surname} called the win a dream.|Rain stopped play in {place} for "
        "{num} minutes.|{surname} rises to {n1} in the rankings.",
        "final|set|tournament|seed|serve|record|ranking|title|track|semi-final",
        "won|beat|broke|defended|qualified|claimed|lost|served",
        "straight-sets|top-seeded|record-breaking|gruelling|unseeded|emotional|decisive",
        "spectators|players|coaches|officials",
        "coach|tournament director|former champion|federation president",
        "the {region} tennis federation|the {region} athletics federation|the {place} organisers"),
    _topic(
        "film",
        "Film by {person} wins top prize at {place} festival|{place} festival opens with {surname} premiere|Actor "
        "{person} honoured in {place}",
        "A drama by {person} won in {place} on {day}, beating {n1} films.|A comedy by {person} opened the {place} "
        "film festival, {person2} said on {day}.|Actor {person}, {age}, was honoured in {place} on {day}, {person2} "
        "said.",
        "The jury in {place} praised the film.|{n1} screenings sold out, {surname2} said.|{surname} shot the last "
        "film in {place2}.|A distributor from {place2} bought the rights.",
        "premiere|jury|screening|red carpet|director|award|cast|documentary|screenplay|audience",
        "premiered|screened|directed|awarded|applauded|nominated|filmed|released",
        "cinematic|acclaimed|independent|moving|debut|festival|award-winning",
        "film critics|actors|festival goers|producers",
        "festival director|jury president|film critic|producer",
        "the {place} festival|the {region} film academy|the {region} culture ministry"),
    _topic(
        "music",
        "{n2} fans pack {place} for summer music festival|Singer {person} cancels tour dates in {region}|{org} "
        "announce reunion concert in {place}",
        "{n2} fans saw {org} play near {place} on {day}, {person} said.|Singer {person} cancelled {count} concerts in "
        "{region}, {person2} said on {day}.|In {year2}, {org} reunite in {place}, {person} said on {day}.",
        "Tickets sold out in {small} hours, {surname} said.|Extra trains ran from {place2}.|{org} played songs from "
        "{year}.|{surname2} looked into noise complaints from {place2}.",
        "festival|stage|headliner|setlist|album|encore|ticket|crowd|tour|guitarist",
        "performed|headlined|cancelled|toured|recorded|released|postponed|sold",
        "sold-out|acoustic|loud|nostalgic|live|rainy|electric",
        "fans|musicians|organisers|ticket holders",
        "promoter|singer|festival organiser|music critic",
        "the {place} festival|the {region} ticket agency|the {place} council",
        "The {name} Brothers|{name} Sound|The {name} Lights"),
    _topic(
        "museum",
        "Painting worth {cash} stolen from {place} museum|{place} museum reopens after renovation|Stolen sculpture "
        "recovered in {region}",
        "Thieves stole a {year} painting from {place} at {time} on {day}, {person} said.|{person} reopened the "
        "{place} art museum, {person2} said on {day}.|Stolen in {year}, a bronze from {place} was found in {region}, "
        "{person} said on {day}.",
        "The alarm sounded at {time}, {surname} said.|The museum in {place} holds {n2} works.|{person2} painted it in "
        "{year}.|Insurers offered {cash} for information.",
        "painting|canvas|gallery|sculpture|collection|exhibition|curator|frame|artwork|masterpiece",
        "stole|recovered|restored|exhibited|catalogued|insured|displayed|returned",
        "priceless|stolen|restored|bronze|valuable|modern|renowned",
        "museum guards|art historians|visitors|collectors",
        "museum director|curator|art crime investigator|culture minister",
        "the {place} museum board|the {region} art crime unit|the {region} culture ministry"),
    _topic(
        "schools",
        "Schools in {region} to teach coding|Exam results in {place} rise for third year|Plan to merge {place} "
        "schools sparks protest",
        "Pupils in {region} will learn coding, {person} said on {day}.|Exam passes in {place} rose to {pct} percent, "
        "{person} said on {day}.|Parents in {place} protested against merging {count} village schools, {person} said "
        "on {day}.",
        "Teachers get {small} days of training, {surname} said.|Classes in {place} average {num} pupils.|{surname2} "
        "called the plan rushed.|{n1} schools in {region} try it first.",
        "curriculum|pupil|classroom|exam|teacher|headteacher|school year|textbook|timetable|grade",
        "taught|tested|merged|graded|trained|inspected|enrolled|funded",
        "primary|secondary|academic|rural|compulsory|digital|overcrowded",
        "teachers|parents|pupils|headteachers",
        "education minister|headteacher|union leader|parents' spokesman",
        "the {region} education ministry|the {region} schools inspectorate|the {place} teachers' union"),
    _topic(
        "housing",
        "Rents in {place} rise {pct} percent in a year|{place} approves {n2} new homes on old airfield|Tenants in "
        "{region} protest against evictions",
        "Rents in {place} are up {pct} percent, {person} said on {day}.|{place} approved {n2} homes at the {place2} "
        "airfield on {day}, {person} said.|{n1} tenants marched in {place} on {day} after {org} ordered evictions, "
        "{person} said.",
        "Building starts in {year2}, {surname} said.|Agents in {place} see {num} applicants per flat.|{surname2} said "
        "{place} will buy empty homes.|Prices in {region} fell {small} percent.",
        "rent|tenant|landlord|eviction|mortgage|housing estate|flat|planning permission|deposit|lease",
        "evicted|built|rented|approved|renovated|bought|leased|demolished",
        "affordable|empty|social|overcrowded|residential|expensive|vacant",
        "tenants|landlords|developers|first-time buyers",
        "housing minister|tenants' spokesman|planning chief|estate agent",
        "the {region} housing ministry|the {region} statistics office|the {place} tenants' union",
        "{name} Property|{name} Estates|{name} Homes"),
    _topic(
        "public transport",
        "{place} tram line opens after {small} years of work|Bridge linking {place} and {place2} approved|Bus fares "
        "in {place} to rise {pct} percent",
        "Trams reached {place} {small} years late, {person} said on {day}.|A bridge linking {place} and {place2} won "
        "approval, {person} said on {day}.|Fares in {place} rise {pct} percent from {day}, {person} of {body} said.",
        "The line has {num} stops, {surname} said.|{n1} workers will build it.|{surname2} called it the biggest rise "
        "since {year}.|Cyclists get a lane to {place2}.",
        "tram|bridge|fare|commuter|timetable|bus lane|ticket|interchange|depot|route",
        "opened|built|approved|raised|extended|delayed|funded|designed",
        "public|delayed|over-budget|electric|crowded|suburban|cheaper",
        "commuters|cyclists|drivers|residents",
        "transport commissioner|transport chief|commuters' spokesman|mayor",
        "the {place} transport authority|the {region} infrastructure ministry|the {place} council"),
    _topic(
        "energy",
        "Power cut leaves {n2} homes in {region} without electricity|Energy bills in {region} to rise {pct} "
        "percent|{org} opens wind farm off {place}",
        "{n2} homes in {region} lost power, and {person} blamed a {place} substation on {day}.|Energy bills in "
        "{region} rise {pct} percent from {day}, {person} of {body} said.|{org} opened {n1} wind turbines off "
        "{place}, {person} said on {day}.",
        "{surname} said a transformer in {place2} overheated.|Fixed tariffs in {region} stay until {year2}.|The "
        "turbines stand {n1} metres tall.|Traffic lights in {place} failed at {time}.",
        "substation|turbine|grid|blackout|electricity bill|wholesale price|transformer|power line|tariff|wind farm",
        "restored|generated|supplied|connected|raised|capped|upgraded|switched",
        "renewable|wholesale|offshore|electric|rising|green|unreliable",
        "households|engineers|energy suppliers|businesses",
        "energy minister|grid engineer|energy analyst|chief executive",
        "the {region} energy regulator|the {region} grid operator|the {place} consumer council",
        "{name} Energy|{name} Power|{name} Renewables"),
    _topic(
        "pollution",
        "Oil spill fouls beaches near {place}|River near {place} polluted by factory waste|{org} fined {cash} over "
        "{region} pollution",
        "Beaches near {place} were oiled by {org} on {day}, {person} said.|The {river} held {n1} dead fish, {person} "
        "said on {day}.|A court fined {org} {cash}, {person} said on {day}.",
        "Volunteers in {place2} cleaned {n1} birds.|Samples showed {num} times the legal limit, {surname} "
        "said.|Fishing near {place} is banned until {day}.|{org} will pay {cash} for the clean-up.",
        "oil slick|tanker|pollution|seabird|beach|toxic waste|groundwater|clean-up|coastline|chemical plant",
        "polluted|cleaned|contaminated|spilled|dumped|fined|sampled|leaked",
        "toxic|polluted|oily|environmental|contaminated|coastal|hazardous",
        "volunteers|environmental inspectors|fishermen|wildlife groups",
        "environment minister|coastguard chief|marine biologist|campaigner",
        "the {region} environment agency|the {place} coastguard|the {region} wildlife trust",
        "{name} Chemicals|{name} Shipping|{name} Petroleum"),
    _topic(
        "wildlife",
        "Rare panda cub born at {place} zoo|Wolves seen near {place}|Whale stranded on beach at {place}",
        "{place} zoo has {count} red panda cubs, {person} said on {day}.|{person} saw {count} wolves near {place} on "
        "{day}.|A whale of {count} tonnes stranded at {place} on {day}, {person} said.",
        "The cub weighed {n1} grams, {surname} said.|Farmers near {place} keep sheep in at night.|{n1} people watched "
        "from the sand.|The species is protected in {region}, {surname2} said.",
        "cub|keeper|enclosure|species|habitat|wolf|whale|sighting|breeding programme|conservation",
        "spotted|tracked|rescued|released|bred|protected|tagged|relocated",
        "rare|endangered|wild|stranded|protected|young|elusive",
        "zookeepers|conservationists|farmers|visitors",
        "zoo director|wildlife officer|rescue coordinator|biologist",
        "the {region} wildlife agency|the {place} zoo|the {region} marine rescue"),
    _topic(
        "harvest",
        "Grape harvest in {region} starts early|Fishermen in {place} protest against new quotas|Potato prices jump as "
        "{region} crop fails",
        "Growers in {region} began picking grapes {count} days early, {person} said on {day}.|Fishermen blocked "
        "{place} harbour, {person} said on {day}.|Potatoes in {region} cost {pct} percent more, {person} said on "
        "{day}.",
        "{surname} expects a smaller harvest.|The fleet of {place} is down to {num} boats.|Shops in {place} now "
        "import potatoes, {surname2} said.|The quotas follow a study from {place2}.",
        "harvest|quota|vineyard|crop|catch|trawler|fishing fleet|grape|field|market price",
        "harvested|picked|caught|landed|planted|exported|imported|stored",
        "early|bumper|poor|agricultural|seasonal|wet|ripe",
        "farmers|fishermen|winemakers|growers",
        "agriculture minister|fishermen's leader|winemaker|farm economist",
        "the {region} agriculture ministry|the {region} fisheries council|the {place} farmers' union"),
    _topic(
        "summit",
        "Leaders meet in {place} for talks on trade|{region} and neighbours sign water-sharing deal|Foreign minister "
        "{surname} visits {place}",
        "Leaders of {count} countries met in {place} on {day}, {person} said.|{region} will share the {river} with "
        "its neighbours, {person} said on {day}.|Foreign minister {person} reached {place} for trade talks, {person2} "
        "said on {day}.",
        "The leaders issued a statement at {time}.|{num} protesters gathered in {place}.|{surname} expects a signing "
        "within {small} months.|Their trade is worth {cash}.",
        "summit|agreement|delegation|treaty|border|talks|communique|ambassador|trade deal|negotiator",
        "signed|negotiated|hosted|welcomed|agreed|discussed|ratified|postponed",
        "bilateral|diplomatic|historic|regional|fragile|joint|cordial",
        "diplomats|delegations|trade officials|negotiators",
        "foreign minister|ambassador|prime minister|trade commissioner",
        "the {region} foreign ministry|the {place} summit office|the {region} trade commission"),
    _topic(
        "protest",
        "Thousands march in {place} against fuel prices|Police clear protest camp in {place}|Farmers block roads into "
        "{place}",
        "{n2} people marched in {place} against fuel prices, {person} said on {day}.|Police cleared {n1} students "
        "from {place} on {day}, {person} said.|Farmers drove {n1} tractors into {place}, {person} said on {day}.",
        "Organisers counted {n2}, {surname} said.|Shops in {place} closed at {time}.|{surname2} vowed to return on "
        "{day}.|{person2} said the march in {place} was peaceful.",
        "protest|march|banner|crowd|sit-in|demonstration|roadblock|rally|petition|riot police",
        "blocked|dispersed|arrested|gathered|demanded|cleared|organised|joined",
        "peaceful|angry|large|noisy|defiant|spontaneous|tense",
        "protesters|students|police officers|farmers",
        "organiser|police spokesman|interior minister|student leader",
        "the {region} interior ministry|the {place} police|the {place} organisers"),
    _topic(
        "tourism",
        "{place} expects record tourist season|Cruise ships to be limited in {place}|Tourist tax in {place} to double",
        "Hotels in {place} are {pct} percent booked and {n2} visitors are due, {person} said on {day}.|From {year2}, "
        "{place} will allow {count} cruise ships daily, {person} said on {day}.|Visitors to {place} pay {count} euros "
        "a night, {person} said on {day}.",
        "Tourism is {pct} percent of the economy of {place}.|People in {place} complain of litter, {surname} "
        "said.|Airlines added {num} routes to {place}.|{surname2} said visitors would go to {place2}.",
        "tourist|hotel|cruise ship|booking|visitor|tourist tax|beach|guide|souvenir|old town",
        "booked|visited|welcomed|limited|taxed|promoted|attracted|hosted",
        "crowded|scenic|popular|seasonal|historic|busy|overnight",
        "tourists|hotel owners|residents|tour guides",
        "tourism chief|hotel association head|mayor|travel agent",
        "the {place} tourism office|the {place} port authority|the {region} hotel association"),
)

# Sentences any story can use are put together from parts, in the story's words: with this many ways to
# fill each sentence, two stories seldom share more than a word or three in a row.
# A story has three people: {person} (its lead's speaker, and the one others quote), {person2} (who acts)
# and {person3} (who comments); {role}, {role2} and {role3} are theirs.
_SUBJECTS = ("{groups}", "{num} {groups}", "{person2}", "{role2} {person2}", "{surname2}", "{groups} from {place2}",
             "{groups} in {region}", "{body}")
_OBJECTS = ("the {noun}", "a {adj} {noun}", "the {noun} at {place}", "the {adj} {noun} near {place2}",
            "the {noun} in {region}", "a second {noun}", "the {noun} of {place}")
_WHERE = ("", "", " near {place}", " in {place2}", " across {region}", " outside {place}",
          " {num} kilometres from {place2}", " north of {place}", " south of {place2}")
_WHEN = ("", "", " on {day}", " by {time}", " on {day} {part}", " overnight", " at {time}", " within {num} hours",
         " before dawn in {place2}")
# Each part puts a name of the story within two words of its start, so that the common words before it and
# after it never make a run of five that other stories share ("on Friday evening, according to the ...").
_SAID = ("", "", ", {surname} said", ", said {person3}", ", {surname3} reported", ", {role3} {person3} said",
         ", {surname3} told reporters", ", {body} said", ", {surname3} added", ", {person} of {body} said")
_QUOTES = ("the {noun} in {place} is {adj}", "we need {num} more {groups} in {place}",
           "nobody in {place} expected a {noun} like this", "our {groups} worked until {time}",
           "{place} will come through this", "we watch {place2}'s {noun} every hour",
           "the {adj} {noun} worries {groups} in {region}", "give the {groups} of {place2} {num} days")
_FACTS = (
    "The {noun} in {place} cost {cash}{said}.",
    "{num} {groups} were in {place} by {time}{said}.",
    "In {place2}, {num} percent of {groups} backed the {noun}{said}.",
    "{num} {groups} from {place} petitioned {surname} over the {noun}.",
    "The last {adj} {noun} in {region} was in {year}{said}.",
    "A {noun} report from {place} is due in {count} days{said}.",
    "The {noun} goes before {surname3} on {day}.",
    "{surname} expects a {noun} decision by {day}.",
    "Asked about the {noun}, {surname} praised {groups} in {place}.",
    "On the {noun}, {person2} of {place} declined comment.",
    "{groups} from {place2} joined those in {place} on {day} {part}.",
    "Blame for the {noun} in {place} remained unclear{said}.",
)


_PARTS = {"subjects": _SUBJECTS, "objects": _OBJECTS, "where": _WHERE, "when": _WHEN, "said": _SAID,
          "quotes": _QUOTES, "facts": _FACTS}


def _action(rng: random.Random, parts: dict[str, tuple[str, ...]], opening: bool = False) -> str:
    """A template for a sentence of who did what, where and when, put together from a story's share of the
    parts above.  An ``opening`` one (among the first words, where a copy's lede is looked for) starts and
    ends with a name and has no run of four common words."""
    if opening:  # and about the topic: where and when would make every story's opening read alike
        subject = rng.choice(("{surname2}", "{person2}"))  # the lead may end in common words
        thing = rng.choice(("the {adj} {noun}", "a {adj} {noun}"))
        return f"{subject} {{verb}} {thing}, said {rng.choice(('{person}', '{person3}'))}."  # ends with a name
    thing = rng.choice(parts["objects"])
    where = "" if "{place" in thing or "{region" in thing else rng.choice(parts["where"])  # one place is enough
    action = f"{rng.choice(parts['subjects'])} {{verb}} {thing}{where}{rng.choice(parts['when'])}"
    if rng.random() < 0.7:
        return action + rng.choice(parts["said"]) + "."
    return rng.choice(("{surname} said ", "{person3} said ")) + action + "."


def _set_piece(rng: random.Random, parts: dict[str, tuple[str, ...]]) -> str:
    """A template for a quotation or a stock sentence: these have longer runs of common words, so the text
    puts an action sentence between two of them (two in a row would make a passage other stories share)."""
    if rng.random() < 0.45:
        return "\"" + rng.choice(parts["quotes"]) + ",\"" + rng.choice((" {surname} said.", " {person3} said.",
                                                                           " {surname3} told reporters."))
    return rng.choice(parts["facts"]).replace("{said}", rng.choice(parts["said"]))


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
    angle: int = 0  # which of the topic's leads opens its text (and which title it has)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # its share of the sentence parts: its style
    numbers: tuple[str, ...] = ("12",)  # the small numbers its text uses ({num})


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
            value = rng.choice(story.numbers)
        elif key == "part":
            value = rng.choice(("morning", "afternoon", "evening", "night"))
        else:
            raise KeyError(key)
        return value


def _org(rng: random.Random, topic: Topic) -> str:
    return rng.choice(topic.orgs).format(name=place_name(rng) if rng.random() < 0.5 else _stem(rng) + "ex")


def _some(rng: random.Random, words: tuple[str, ...], share: float = 0.6) -> tuple[str, ...]:
    """A story's share of a topic's words or of the sentence parts, so two stories of one topic differ."""
    return tuple(rng.sample(words, max(min(3, len(words)), round(share * len(words)))))


def make_story(rng: random.Random, when: date | None = None, topic: Topic | None = None) -> Story:
    """A new story: a topic (given or drawn), invented names and figures, and a title.  ``when`` is the day the
    story happened; its weekday is the one the text names (a random one when ``when`` is not given)."""
    topic = topic or rng.choice(TOPICS)
    people = [person_name(rng) for _ in range(3)]
    places = [place_name(rng), place_name(rng)]
    while places[1] == places[0]:
        places[1] = place_name(rng)
    slots = {
        "place": places[0], "place2": places[1], "region": region_name(rng), "river": river_name(rng),
        "person": people[0], "person2": people[1], "person3": people[2],
        "surname": people[0].split()[1], "surname2": people[1].split()[1], "surname3": people[2].split()[1],
        "org": _org(rng, topic), "org2": _org(rng, topic),
        "day": _WEEKDAYS[when.weekday()] if when else rng.choice(_WEEKDAYS),
        "time": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        "year2": str((when.year if when else 2026) + rng.randint(1, 6)),
        "n1": str(rng.randint(12, 950)), "n2": f"{rng.randint(1200, 48000):,}",
        "cash": f"{rng.randint(2, 900)}.{rng.randint(1, 9)} million {rng.choice(_CURRENCIES)}",
        "mag": f"{rng.randint(3, 8)}.{rng.randint(1, 9)}", "pct": str(rng.randint(3, 89)),
        "small": str(rng.randint(2, 9)), "count": str(rng.randint(11, 99)),
        "year": str(rng.randint(1952, 2019)), "age": str(rng.randint(19, 36)),
        "score": f"{rng.randint(1, 5)}-{rng.randint(0, 3)}",
    }
    # roles and bodies may name the story's places: fill them in once
    roles = rng.sample(topic.roles, 3)
    slots.update(role=roles[0].format_map(slots), role2=roles[1].format_map(slots),
                 role3=roles[2].format_map(slots))
    bodies = rng.sample(topic.bodies, 2)
    slots.update(body=bodies[0].format_map(slots), body2=bodies[1].format_map(slots))
    angle = rng.randrange(len(topic.leads))  # a topic's titles and leads go in pairs: one angle on the event
    parts = {name: _some(rng, options) for name, options in _PARTS.items()}
    story = Story(topic, slots, _some(rng, topic.nouns), _some(rng, topic.verbs), _some(rng, topic.adjectives),
                  _some(rng, topic.groups, 0.75), "", angle, parts, tuple(str(rng.randint(2, 99)) for _ in range(4)))
    story.title = _fill(topic.titles[angle % len(topic.titles)], story, rng)
    return story


_AN = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")


def _fill(template: str, story: Story, rng: random.Random) -> str:
    text = _AN.sub(r"\1n ", template.format_map(_Fill(story, rng)))
    first = 1 if text.startswith("\"") else 0
    return text[:first] + text[first].upper() + text[first + 1:]


def sentence(rng: random.Random, story: Story | None = None) -> str:
    """One sentence of news prose about ``story`` (a new story drawn from ``rng`` when not given)."""
    story = story or make_story(rng)
    return _fill(_set_piece(rng, story.parts) if rng.random() < 0.25 else _action(rng, story.parts), story, rng)


def article_text(rng: random.Random, words: int = 600, chrome: bool = True, story: Story | None = None) -> str:
    """About ``words`` words of news prose in paragraphs, with chrome lines when ``chrome`` is set.  It opens
    with the story's lead; a few of its topic's own facts come among sentences put together from parts."""
    story = story or make_story(rng)
    facts = rng.sample(story.topic.facts, min(1, len(story.topic.facts)))
    actions = 0  # action sentences since the last set piece

    def draw() -> str:
        nonlocal actions
        roll = rng.random()
        if actions >= 2 and facts and roll < 0.3:
            template, actions = facts.pop(), 0
        elif actions >= 2 and roll < 0.5:
            template, actions = _set_piece(rng, story.parts), 0
        else:
            template, actions = _action(rng, story.parts), actions + 1
        return _fill(template, story, rng)

    # the first paragraph: the lead, then sentences that share no run of words with other stories' openings
    lead = _fill(story.topic.leads[story.angle], story, rng)
    count = len(lead.split())
    while count < min(words, OPENING_WORDS):
        lead += " " + _fill(_action(rng, story.parts, opening=True), story, rng)
        count = len(lead.split())
    paragraphs = [lead]
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
        if bare in _SWAPS and rng.random() < (0.35 if bare == "said" else 0.7):  # "said" is in most sentences
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
    and ``truth_relation`` (and the story's ``truth_topic``)."""
    rng = random.Random(seed)
    made = story_no = 0
    while made < n:
        story_no += 1
        when = FIRST_DAY + timedelta(days=(story_no - 1) // STORIES_PER_DAY)
        story = make_story(rng, when)
        origin_id = f"s{seed}-{story_no}-0"
        paragraphs = article_text(rng, words, chrome=False, story=story).split("\n")
        yield _story_record(origin_id, story_no, seed, None, "origin", story, story.title, "\n".join(paragraphs),
                            when, 0)
        made += 1
        texts = {origin_id: (story.title, paragraphs)}
        for k in range(1, rng.randint(*copies) + 1):
            if made >= n:
                return
            parent = rng.choice(sorted(texts))
            relation = rng.choice(_RELATIONS)
            title, source = texts[parent]
            if relation == "partial_copy":
                keep, kept, total = 0, 0, sum(len(p.split()) for p in source)
                while keep < len(source) - 1 and kept < 0.4 * total:  # the top two fifths or so
                    kept += len(source[keep].split())
                    keep += 1
                body = source[:max(1, keep)] + [sentence(rng, story) for _ in range(2)]
            elif relation == "rewrite":
                title, body = _rewrite(title, rng), [_rewrite(p, rng) for p in source]
            else:
                body = list(source)
            article_id = f"s{seed}-{story_no}-{k}"
            texts[article_id] = (title, body)
            text = "\n".join(body)
            if relation == "verbatim_copy":
                text = f"[ad_1]\n{text}\n[ad_2]\nSource link"
            yield _story_record(article_id, story_no, seed, parent, relation, story, title, text, when, k)
            made += 1


def _story_record(article_id: str, number: int, seed: int, parent: str | None, relation: str, story: Story,
                  title: str, text: str, when: date, k: int) -> dict[str, Any]:
    return {"id": article_id, "url": f"https://site{(number * 7 + k) % 997}.example.com/{article_id}",
            "outlet": f"site{(number * 7 + k) % 997}", "published": f"{when.isoformat()}T{8 + k % 12:02d}:00:00",
            "lang": "en", "title": title, "text": text, "truth_story": f"s{seed}-{number}",
            "truth_parent": parent, "truth_relation": relation, "truth_topic": story.topic.name}
