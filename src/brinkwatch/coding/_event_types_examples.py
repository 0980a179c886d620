"""Hand-written training snippets for the event-type classifier, a few per CASE 2021 label.

Written for brinkwatch (same license as the project) from the ACLED codebook's sub-event-type
definitions and the CASE 2021 notes on the five unseen types; no sentence is taken from a news
source or a gold file. They are added to the labelled training file, and they are the whole
training set when no labelled file is available, so the rarer labels (``OTHER``,
``HQ_ESTABLISHED``, ``ABDUCT_DISSAP``, ``ATTRIB``) are never learnt from a handful of snippets
alone. Add lines freely: the model cache is keyed by this table.
"""

from __future__ import annotations

__all__ = ["EXAMPLES"]

#: (label, snippet) pairs.
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        'ARMED_CLASH',
        'Government troops and rebel fighters exchanged heavy gunfire for several hours near '
        'the border town on Tuesday, leaving at least six combatants dead.'
    ),
    (
        'ARMED_CLASH',
        'Fighting broke out between two rival militias in the north of the province overnight, '
        'according to local officials.'
    ),
    (
        'ARMED_CLASH',
        'Soldiers clashed with insurgents who ambushed an army patrol outside the village, and '
        'three soldiers and eight militants were killed in the firefight.'
    ),
    (
        'ARMED_CLASH',
        'Police said officers engaged a group of armed bandits in a gun battle in the forest, '
        'killing two of them.'
    ),
    (
        'ARMED_CLASH',
        'Security forces and separatist fighters fought for control of the main road on Sunday,'
        ' with casualties reported on both sides.'
    ),
    (
        'ARMED_CLASH',
        'An armed group attacked a military post in the district and the troops returned fire, '
        'sparking clashes that lasted until dawn.'
    ),
    (
        'ARMED_CLASH',
        'Heavy clashes erupted between the army and jihadist militants on the outskirts of the '
        'city.'
    ),
    (
        'ARMED_CLASH',
        'Two armed factions exchanged fire in the market area, and a militia commander was '
        'among the dead.'
    ),
    (
        'GOV_REGAINS_TERIT',
        'The army said it had recaptured the town from the rebels after a two-day offensive.'
    ),
    (
        'GOV_REGAINS_TERIT',
        'Government forces retook control of the strategic hill held by insurgents since last '
        'year.'
    ),
    (
        'GOV_REGAINS_TERIT',
        'Troops backed by allied militias regained three villages that had been under the '
        'control of the militants, the defence ministry announced.'
    ),
    (
        'GOV_REGAINS_TERIT',
        'Security forces liberated the district headquarters from the armed group and raised '
        'the national flag over it.'
    ),
    (
        'GOV_REGAINS_TERIT',
        'The military said the border crossing was back under government control after the '
        'insurgents withdrew under fire.'
    ),
    (
        'GOV_REGAINS_TERIT',
        'Soldiers cleared the last rebel positions in the valley and reclaimed the area for the'
        ' state.'
    ),
    (
        'NON_STATE_ACTOR_OVERTAKES_TER',
        'Rebel fighters seized control of the provincial capital after government troops fled.'
    ),
    (
        'NON_STATE_ACTOR_OVERTAKES_TER',
        'Militants overran an army base in the north and took over the surrounding villages.'
    ),
    (
        'NON_STATE_ACTOR_OVERTAKES_TER',
        'The town fell to the insurgents on Friday, residents said, after a night of fighting.'
    ),
    (
        'NON_STATE_ACTOR_OVERTAKES_TER',
        'An armed group captured the district centre and raised its flag over the police '
        'station.'
    ),
    (
        'NON_STATE_ACTOR_OVERTAKES_TER',
        'Jihadists stormed the village and took control of the main road linking the two '
        'cities.'
    ),
    (
        'NON_STATE_ACTOR_OVERTAKES_TER',
        'Separatist fighters said they had taken the airport and several nearby towns.'
    ),
    (
        'AIR_STRIKE',
        'Warplanes bombed a rebel stronghold in the east, killing at least 12 fighters, a '
        'monitoring group said.'
    ),
    (
        'AIR_STRIKE',
        'A drone strike hit a vehicle carrying suspected militants on the highway, killing all '
        'four passengers.'
    ),
    (
        'AIR_STRIKE',
        'Air strikes by the coalition struck a market and a hospital in the northern town on '
        'Monday.'
    ),
    (
        'AIR_STRIKE',
        'Fighter jets carried out several raids on positions of the armed group in the '
        'mountains.'
    ),
    (
        'AIR_STRIKE',
        'A military helicopter fired on a convoy near the border, according to witnesses.'
    ),
    (
        'AIR_STRIKE',
        'An unmanned aircraft targeted a house where a commander of the group was staying.'
    ),
    ('AIR_STRIKE', 'The air force launched airstrikes on training camps used by the insurgents.'),
    (
        'ART_MISS_ATTACK',
        'Artillery shells landed on a residential area of the city, wounding nine civilians.'
    ),
    ('ART_MISS_ATTACK', 'Rebels fired mortar rounds at a government-held neighbourhood overnight.'),
    (
        'ART_MISS_ATTACK',
        'A rocket struck near the airport on Thursday, causing damage but no casualties.'
    ),
    (
        'ART_MISS_ATTACK',
        'The army shelled villages in the south, forcing hundreds of families to flee.'
    ),
    (
        'ART_MISS_ATTACK',
        'Several missiles were launched at the port city, and one hit a fuel depot.'
    ),
    (
        'ART_MISS_ATTACK',
        'Heavy shelling continued along the front line, with tank and artillery fire reported '
        'throughout the day.'
    ),
    (
        'CHEM_WEAP',
        'Dozens of people suffered breathing problems after a suspected chlorine gas attack on '
        'the town.'
    ),
    (
        'CHEM_WEAP',
        'Inspectors said sarin nerve agent was used in the attack that killed scores of '
        'civilians.'
    ),
    (
        'CHEM_WEAP',
        'Doctors treated patients showing symptoms of exposure to toxic gas after bombs were '
        'dropped on the district.'
    ),
    (
        'CHEM_WEAP',
        'The watchdog concluded that chemical weapons were used against residents of the '
        'besieged area.'
    ),
    (
        'CHEM_WEAP',
        'Witnesses described a yellow cloud and a strong smell of chlorine after the barrel '
        'bombs fell.'
    ),
    (
        'CHEM_WEAP',
        'Activists accused forces of firing shells filled with poison gas at the '
        'opposition-held suburb.'
    ),
    ('GRENADE', 'An attacker hurled a grenade into a crowded bar, injuring eleven people.'),
    (
        'GRENADE',
        'Two people were wounded when a hand grenade was thrown at a police station overnight.'
    ),
    ('GRENADE', 'Unknown men lobbed a grenade at a security patrol in the old city.'),
    (
        'GRENADE',
        'A grenade exploded in a market after it was tossed from a passing motorcycle, police '
        'said.'
    ),
    (
        'GRENADE',
        'Militants threw a grenade at the house of a local politician, damaging the building.'
    ),
    ('GRENADE', 'A grenade attack on a bus stop killed one person and wounded several others.'),
    ('REM_EXPLOS', 'A roadside bomb struck a military convoy, killing four soldiers.'),
    (
        'REM_EXPLOS',
        'An improvised explosive device planted near a school went off on Monday morning.'
    ),
    (
        'REM_EXPLOS',
        'A car bomb exploded outside a government building, killing at least seven people.'
    ),
    ('REM_EXPLOS', 'A landmine blast killed two shepherds in the border area.'),
    (
        'REM_EXPLOS',
        'A bomb hidden in a parked motorcycle was detonated remotely as a police vehicle '
        'passed.'
    ),
    (
        'REM_EXPLOS',
        'An explosion caused by an IED hit a minibus carrying workers, leaving five dead.'
    ),
    ('REM_EXPLOS', 'A magnetic bomb attached to the car of an official blew up in the capital.'),
    (
        'SUIC_BOMB',
        'A suicide bomber blew himself up at a checkpoint, killing three police officers.'
    ),
    ('SUIC_BOMB', 'A suicide car bomb attack on an army base left dozens of soldiers dead.'),
    ('SUIC_BOMB', 'A woman wearing an explosive vest detonated it inside a crowded mosque.'),
    ('SUIC_BOMB', 'Two suicide attackers targeted a wedding party, killing at least 20 guests.'),
    (
        'SUIC_BOMB',
        'A bomber on foot set off his explosives at the gate of the ministry, officials said.'
    ),
    (
        'SUIC_BOMB',
        'The militant group said one of its fighters carried out the suicide bombing at the '
        'market.'
    ),
    ('ATTACK', 'Gunmen shot dead a village chief and his son in their home.'),
    (
        'ATTACK',
        'Unknown assailants opened fire on a bus carrying civilians, killing eight passengers.'
    ),
    ('ATTACK', 'Armed men attacked a village at night, killing 15 residents and burning houses.'),
    ('ATTACK', 'A journalist was stabbed to death by attackers outside his office.'),
    ('ATTACK', 'Militants killed three farmers working in their fields near the town.'),
    ('ATTACK', 'A local activist was assassinated by men on a motorcycle, police said.'),
    (
        'ATTACK',
        'Soldiers were accused of killing unarmed civilians during a raid on the settlement.'
    ),
    ('SEX_VIOL', 'Soldiers raped several women during a raid on the village, a rights group said.'),
    ('SEX_VIOL', 'A teenage girl was sexually assaulted by members of an armed group.'),
    ('SEX_VIOL', 'Women displaced by the fighting reported being raped by militiamen at the camp.'),
    ('SEX_VIOL', 'A police officer was arrested for the rape of a woman held in custody.'),
    ('SEX_VIOL', 'Armed men abducted and sexually abused girls returning from school.'),
    ('SEX_VIOL', 'Survivors described gang rape and sexual violence by fighters in the region.'),
    ('ABDUCT_DISSAP', 'Gunmen kidnapped two foreign aid workers on the road to the camp.'),
    ('ABDUCT_DISSAP', 'Armed men abducted 30 students from a boarding school overnight.'),
    (
        'ABDUCT_DISSAP',
        'An opposition activist has been missing since he was taken away by men in plain '
        'clothes.'
    ),
    ('ABDUCT_DISSAP', 'Rebels seized a group of villagers and are holding them hostage.'),
    (
        'ABDUCT_DISSAP',
        'The family of a journalist said he disappeared after being detained by unidentified '
        'men.'
    ),
    ('ABDUCT_DISSAP', 'Kidnappers demanded a ransom for the release of the businessman.'),
    (
        'PEACE_PROTEST',
        'Thousands of people marched peacefully through the capital to demand higher wages.'
    ),
    (
        'PEACE_PROTEST',
        'Students held a demonstration outside parliament against the new education law.'
    ),
    (
        'PEACE_PROTEST',
        "Farmers staged a sit-in in front of the governor's office to protest land seizures."
    ),
    (
        'PEACE_PROTEST',
        'Residents gathered in the main square holding placards and chanting slogans against '
        'corruption.'
    ),
    (
        'PEACE_PROTEST',
        'Teachers went on strike and rallied outside the ministry over unpaid salaries.'
    ),
    (
        'PEACE_PROTEST',
        'Hundreds of women took part in a peaceful vigil to demand justice for victims of '
        'violence.'
    ),
    (
        'PEACE_PROTEST',
        'Opposition supporters protested in several cities against the election results.'
    ),
    (
        'VIOL_DEMONSTR',
        'Protesters threw stones at police and set tyres on fire in the city centre.'
    ),
    (
        'VIOL_DEMONSTR',
        'Demonstrators torched a police station and vandalised shops during protests over fuel '
        'prices.'
    ),
    ('VIOL_DEMONSTR', 'Rioters burned cars and smashed windows after the verdict was announced.'),
    ('VIOL_DEMONSTR', 'Angry protesters stormed the town hall and set parts of it ablaze.'),
    (
        'VIOL_DEMONSTR',
        'Students pelted security forces with rocks and petrol bombs during a protest at the '
        'university.'
    ),
    (
        'VIOL_DEMONSTR',
        'A protest turned violent when demonstrators attacked vehicles and blocked roads with '
        'burning barricades.'
    ),
    (
        'PROTEST_WITH_INTER',
        'Police fired tear gas to disperse protesters who had gathered outside the presidential'
        ' palace.'
    ),
    (
        'PROTEST_WITH_INTER',
        'Security forces broke up a peaceful rally and detained several organisers.'
    ),
    (
        'PROTEST_WITH_INTER',
        'Riot police used water cannon against demonstrators marching towards parliament.'
    ),
    (
        'PROTEST_WITH_INTER',
        'Officers blocked the march and arrested dozens of protesters for taking part in an '
        'unauthorised gathering.'
    ),
    ('PROTEST_WITH_INTER', 'Police dispersed a sit-in by workers using batons and pepper spray.'),
    (
        'PROTEST_WITH_INTER',
        'Authorities prevented opposition supporters from holding a rally and took their '
        'leaders into custody.'
    ),
    (
        'FORCE_AGAINST_PROTEST',
        'Security forces opened fire on unarmed protesters, killing at least five people.'
    ),
    (
        'FORCE_AGAINST_PROTEST',
        'Soldiers used live ammunition against demonstrators, leaving several dead and dozens '
        'wounded.'
    ),
    (
        'FORCE_AGAINST_PROTEST',
        'Police beat peaceful protesters with clubs and shot at the crowd, rights groups said.'
    ),
    (
        'FORCE_AGAINST_PROTEST',
        'Two protesters were killed when troops fired into a crowd demanding the release of '
        'political prisoners.'
    ),
    (
        'FORCE_AGAINST_PROTEST',
        'A brutal crackdown on the demonstration left one student dead and many injured.'
    ),
    (
        'FORCE_AGAINST_PROTEST',
        'Witnesses said snipers shot at people taking part in the peaceful march.'
    ),
    ('MOB_VIOL', 'A mob lynched a man accused of stealing a motorcycle.'),
    (
        'MOB_VIOL',
        'An angry crowd attacked the homes of members of a minority community, burning several '
        'houses.'
    ),
    ('MOB_VIOL', 'Villagers beat two suspected thieves to death before police arrived.'),
    (
        'MOB_VIOL',
        'Communal violence broke out between two ethnic groups, with groups of youths attacking'
        ' each other with machetes.'
    ),
    ('MOB_VIOL', 'Vigilantes attacked a man accused of witchcraft and set his house on fire.'),
    ('MOB_VIOL', 'A crowd armed with sticks attacked a mosque and injured worshippers.'),
    ('ARREST', 'Police arrested five suspects in connection with the bombing.'),
    ('ARREST', 'Security forces detained a senior opposition leader at his home early on Monday.'),
    ('ARREST', 'The authorities took three journalists into custody for reporting on the unrest.'),
    (
        'ARREST',
        'Counter-terrorism officers apprehended a suspected member of the militant group at the'
        ' airport.'
    ),
    ('ARREST', 'A former minister was arrested on corruption charges and remanded in custody.'),
    ('ARREST', 'Soldiers rounded up dozens of young men during a search operation in the town.'),
    (
        'AGREEMENT',
        'The government and the rebel group signed a ceasefire agreement after weeks of talks.'
    ),
    ('AGREEMENT', 'The two countries agreed to reopen the border and exchange prisoners.'),
    ('AGREEMENT', 'Rival factions reached a peace deal to share power in the region.'),
    (
        'AGREEMENT',
        'The militia and the army agreed on a truce to allow humanitarian aid into the city.'
    ),
    (
        'AGREEMENT',
        'Leaders of the two communities signed a reconciliation accord to end years of '
        'violence.'
    ),
    ('AGREEMENT', 'The warring parties concluded an agreement on the withdrawal of heavy weapons.'),
    (
        'CHANGE_TO_GROUP_ACT',
        'Two armed groups announced that they had merged to form a new coalition.'
    ),
    ('CHANGE_TO_GROUP_ACT', 'The rebel movement named a new leader after its founder was killed.'),
    (
        'CHANGE_TO_GROUP_ACT',
        'Hundreds of fighters of the militia surrendered and laid down their weapons.'
    ),
    (
        'CHANGE_TO_GROUP_ACT',
        'A faction split from the insurgent group and pledged allegiance to a rival movement.'
    ),
    (
        'CHANGE_TO_GROUP_ACT',
        'The group announced it was suspending its armed activities and would take part in '
        'elections.'
    ),
    (
        'CHANGE_TO_GROUP_ACT',
        'Several commanders defected from the rebel army and joined government forces.'
    ),
    ('DISR_WEAP', 'Police defused a bomb found near a crowded bus station.'),
    (
        'DISR_WEAP',
        'Soldiers discovered a large cache of weapons and ammunition in a cave used by the '
        'militants.'
    ),
    ('DISR_WEAP', 'The air defence system intercepted two drones launched towards the city.'),
    (
        'DISR_WEAP',
        'Security forces foiled a plot to attack a church and seized explosives from the '
        'suspects.'
    ),
    (
        'DISR_WEAP',
        'A bomb disposal unit safely detonated an improvised device found under a bridge.'
    ),
    (
        'DISR_WEAP',
        'Customs officers confiscated rifles and grenades hidden in a truck at the border.'
    ),
    (
        'DISR_WEAP',
        'The army said it shot down a rocket fired at the base before it could hit its target.'
    ),
    ('HQ_ESTABLISHED', 'The armed group set up a new base in the forest near the border.'),
    ('HQ_ESTABLISHED', 'Rebels established their headquarters in the captured town hall.'),
    ('HQ_ESTABLISHED', 'The militia opened a new command post in the district, residents said.'),
    (
        'HQ_ESTABLISHED',
        'Insurgents built a training camp in the mountains and moved their leadership there.'
    ),
    (
        'HQ_ESTABLISHED',
        'The militants have established a permanent presence in the village, setting up '
        'checkpoints and an office.'
    ),
    (
        'NON_VIOL_TERRIT_TRANSFER',
        'Rebel forces withdrew from the town without a fight and handed it over to the army.'
    ),
    (
        'NON_VIOL_TERRIT_TRANSFER',
        'Government troops pulled out of the base, and an allied militia took over its '
        'positions.'
    ),
    (
        'NON_VIOL_TERRIT_TRANSFER',
        "The militants abandoned the village ahead of the army's advance, residents said."
    ),
    (
        'NON_VIOL_TERRIT_TRANSFER',
        'Under the deal, control of the district was transferred to the local council without '
        'resistance.'
    ),
    ('NON_VIOL_TERRIT_TRANSFER', 'Foreign troops handed over the air base to national forces.'),
    ('NON_VIOL_TERRIT_TRANSFER', 'The armed group vacated the checkpoints it had held for months.'),
    ('PROPERTY_DISTRUCT', 'Militants set fire to a school and destroyed its classrooms.'),
    ('PROPERTY_DISTRUCT', 'Armed men looted shops and burned down houses in the village.'),
    (
        'PROPERTY_DISTRUCT',
        'Unknown people vandalised a telecommunications tower, cutting services in the area.'
    ),
    ('PROPERTY_DISTRUCT', 'Fighters destroyed a bridge and a power station as they retreated.'),
    ('PROPERTY_DISTRUCT', 'Rebels torched dozens of homes and stole livestock.'),
    ('PROPERTY_DISTRUCT', 'Soldiers demolished the houses of families of suspected militants.'),
    (
        'ORG_CRIME',
        'Police seized two tonnes of cocaine hidden in a shipment of bananas and arrested '
        'members of a drug cartel.'
    ),
    (
        'ORG_CRIME',
        'A human trafficking ring that smuggled migrants across the border was dismantled.'
    ),
    ('ORG_CRIME', 'Investigators uncovered a money laundering scheme run by a criminal network.'),
    ('ORG_CRIME', 'Officials were charged with taking bribes from smugglers at the port.'),
    ('ORG_CRIME', 'Hackers stole millions from bank accounts in a cyber fraud operation.'),
    (
        'ORG_CRIME',
        'Customs officers intercepted a shipment of counterfeit medicine and illegal wildlife '
        'products.'
    ),
    ('ORG_CRIME', 'The gang ran an extortion racket targeting local businesses, prosecutors said.'),
    (
        'NATURAL_DISASTER',
        'A magnitude 6.4 earthquake struck the region, destroying hundreds of homes.'
    ),
    ('NATURAL_DISASTER', 'Floods caused by heavy rains displaced thousands of families.'),
    ('NATURAL_DISASTER', 'A cyclone made landfall on the coast, killing at least 30 people.'),
    (
        'NATURAL_DISASTER',
        'A landslide buried several houses in the mountain village after days of rain.'
    ),
    (
        'NATURAL_DISASTER',
        'Health officials confirmed new cases of cholera as the outbreak spread to three '
        'districts.'
    ),
    (
        'NATURAL_DISASTER',
        'The number of coronavirus infections rose sharply, and the government imposed a '
        'lockdown.'
    ),
    (
        'NATURAL_DISASTER',
        'Wildfires fanned by strong winds forced the evacuation of several towns.'
    ),
    ('MAN_MADE_DISASTER', 'A fire at a garment factory killed 12 workers.'),
    ('MAN_MADE_DISASTER', 'A bus collided with a truck on the highway, killing 18 passengers.'),
    ('MAN_MADE_DISASTER', 'A gas explosion at a chemical plant injured dozens of employees.'),
    (
        'MAN_MADE_DISASTER',
        'A building under construction collapsed, trapping workers under the rubble.'
    ),
    (
        'MAN_MADE_DISASTER',
        'An overloaded ferry capsized on the river, and many passengers are missing.'
    ),
    ('MAN_MADE_DISASTER', 'A train derailed near the station, injuring more than 40 people.'),
    (
        'MAN_MADE_DISASTER',
        'An oil spill from a damaged pipeline contaminated the river and nearby farmland.'
    ),
    (
        'DIPLO',
        'The foreign ministry summoned the ambassador to protest against the border incident.'
    ),
    ('DIPLO', 'The European Union imposed sanctions on officials accused of human rights abuses.'),
    (
        'DIPLO',
        'The president condemned the attack and called on the international community to act.'
    ),
    ('DIPLO', "The two governments expelled each other's diplomats and closed their embassies."),
    ('DIPLO', 'The UN Security Council urged all parties to end the violence and return to talks.'),
    ('DIPLO', 'The foreign minister visited the capital for talks on security cooperation.'),
    ('DIPLO', 'The country warned its neighbour that any incursion would be met with force.'),
    ('ATTRIB', 'The militant group claimed responsibility for the bombing in a statement.'),
    ('ATTRIB', 'The government blamed rebels for the attack on the pipeline.'),
    ('ATTRIB', 'The armed group denied any involvement in the killing of the villagers.'),
    ('ATTRIB', 'Officials said the attack bore the hallmarks of the jihadist group.'),
    ('ATTRIB', 'Police accused a separatist movement of being behind the explosions.'),
    (
        'ATTRIB',
        'The insurgents said they carried out the ambush, according to a message posted online.'
    ),
    ('OTHER', 'The army announced a curfew in the province starting at sundown.'),
    ('OTHER', 'Authorities declared a state of emergency after weeks of unrest.'),
    ('OTHER', 'Troops were deployed to the border area as tensions rose.'),
    ('OTHER', 'The government shut down the internet in the region ahead of the vote.'),
    ('OTHER', 'The rebels released a video showing a captured soldier.'),
)
