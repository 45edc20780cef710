-- spotting-the-signs.lua: playthroughs of the first module.  Together they
-- choose every option of every question and every choice of the scene.
-- Options that name the role are written as in the module, with
-- {{lead_short}}.

local CONTACT = "Contact from an unknown account that seems to be a young person"
local EXPLICIT = "Being quickly drawn into sexually explicit messages"
local PRESSURE = "Being pressured into taking nude or semi-nude photos"
local HACKED = "Being told they have been hacked"
local BLACKMAIL = "Being blackmailed for money or a gift card"
local GROUP = "An organised crime group, perhaps based overseas, that wants money"
local TELL = "“That could be sextortion. Please tell the {{lead_short}} today, and I'll come with you.”"

playthrough "the model answers pass" {
  module = "spotting-the-signs",
  { "They more than doubled, from 10,731 to 26,718", feedback = "26,718 in\n2023" },
  { "False", feedback = "91% were male" },
  { CONTACT, step = "new-follower" },
  { EXPLICIT, step = "fast-chat" },
  { PRESSURE, step = "keeps-asking" },
  { HACKED, step = "your-friends" },
  { BLACKMAIL, step = "gift-cards" },
  { GROUP, step = "who-is-behind-it", feedback = "**organised crime groups based overseas**" },
  { TELL, feedback = "pass it on without delay" },
  result = "passed",
  score = 10,
  percent = 100,
}

playthrough "each wrong answer says why, and waving it away shows why small signs matter" {
  module = "spotting-the-signs",
  { "They stayed about the same", feedback = "more than doubled in one year" },
  { "True", feedback = "all ages and genders" },
  { EXPLICIT, feedback = "Nothing sexual has been said yet" },
  { CONTACT, feedback = "the sign here is\nthe speed" },
  { BLACKMAIL, feedback = "No threat or demand for money" },
  { CONTACT, feedback = "claims a hack" },
  { HACKED, feedback = "The demand is what defines this" },
  { "Almost certainly a girl at a school nearby, as she says",
    feedback = "accounts that appear to be another young person" },
  { "“Teenagers fall out online all the time. I wouldn't worry.”",
    feedback = "must not be waved\naway" },
  result = "not passed",
  score = 0,
}

playthrough "the other wrong answers" {
  module = "spotting-the-signs",
  { "They fell, as platforms improved their safety features", feedback = "They did not fall" },
  "False",
  { BLACKMAIL, feedback = "Nobody has asked Callum for anything yet" },
  { HACKED, feedback = "Nobody has claimed to have hacked anything" },
  { EXPLICIT, feedback = "the key sign is the repeated\npushing" },
  { PRESSURE, feedback = "Nobody is asking him to take a photo" },
  { PRESSURE, feedback = "being blackmailed for money over\none" },
  { "Someone looking for sexual gratification rather than money",
    feedback = "rather than by sexual gratification" },
  { "“Let's keep an eye on him and see if he says any more.”",
    feedback = "in under an hour" },
  result = "not passed",
  score = 1,
}

playthrough "one slip still passes" {
  module = "spotting-the-signs",
  "They more than doubled, from 10,731 to 26,718",
  "False",
  CONTACT, EXPLICIT, PRESSURE, HACKED,
  HACKED,
  GROUP,
  TELL,
  result = "passed",
  score = 9,
}
