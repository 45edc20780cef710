-- handling-images.lua: playthroughs of the module on handling images.
-- Together they choose every choice of the three scenes and every option
-- of every question.  Looking at the image, having it sent on or blaming
-- the pupil each costs a scene's 4 points, which fails the module.

local NOT_FORWARD = "“Please don't ask him for it or send it anywhere. Let's tell the {{lead_short}} now what Jordan told you.”"
local FORWARD = "“Good idea. The {{lead_short}} will need to see it.”"
local HAVE_A_LOOK = "“Have a look at it first, so you can tell the {{lead_short}} how bad it is.”"
local NOT_LOOK = "“I don't need to see it. Thank you for telling me: you've done nothing wrong. We're going to the {{lead_short}} together, now.”"
local TAKE_PHONE = "Take the phone and look, so that you know what he is facing"
local SEND_ME = "“Send it to me, so I can pass it on to the {{lead_short}}.”"
local PUT_AWAY = "“You shouldn't have that on your phone. Put it away.”"
local DONT_SHOW = "“No, please don't show me, and don't send it to anyone. Thank you for telling me. I'm taking this to the {{lead_short}} now.”"
local RECORD = "“Send it to me, so that there's a record of it.”"
local DELETE = "“Tell everyone to delete it, and we'll leave it there.”"
local ABUSE = "Child sexual abuse, which goes to the police urgently"
local NEVER = { "Look at it, even briefly",
                "Forward it, even to the {{lead_short}}",
                "Save it, or take a screenshot of it",
                "Ask the pupil to send it to you" }
local TELL = "Tell the {{lead_short}} straight away what you were told"
local REPORT_REMOVE = "“There's a tool called Report Remove, from Childline and the IWF, for under-18s. Childline can help you use it.”"

playthrough "the model answers pass" {
  module = "handling-images",
  { NOT_FORWARD, step = "forward-it", feedback = "nobody forwards it" },
  { NOT_LOOK, step = "holds-out-phone", feedback = "as the NSPCC\nadvises" },
  { "False", step = "a-quick-look", feedback = "**never view** the image, even briefly" },
  { DONT_SHOW, step = "group-chat", feedback = "You do not look, you do not ask for it" },
  { "False", step = "motives", feedback = "**not always sexual\nor criminal**" },
  { ABUSE, step = "an-adult", feedback = "**child sexual abuse**" },
  { NEVER[1], NEVER[2], NEVER[3], NEVER[4], step = "never-do" },
  { REPORT_REMOVE, step = "taken-down", feedback = "with Childline's support" },
  { "I won't look. You've done nothing wrong, and we're going to tell the safeguarding team now.",
    step = "what-you-say" },
  result = "passed",
  score = 19,
  percent = 100,
}

playthrough "offering to forward it is rejected and taught, and fails the module" {
  module = "handling-images",
  { FORWARD, feedback = "Asking Jordan to send it is asking a child to share" },
  NOT_LOOK,
  "False",
  DONT_SHOW,
  "False",
  ABUSE,
  NEVER,
  REPORT_REMOVE,
  "Thank you for showing me.",
  -- 15 of 19 is 79%: below the pass mark of 80.
  result = "not passed",
  score = 15,
}

playthrough "looking, or asking for the image, is rejected at every turn" {
  module = "handling-images",
  { HAVE_A_LOOK, feedback = "Looking at it is viewing it" },
  { TAKE_PHONE, feedback = "this is viewing the image" },
  { "True", feedback = "adults should **never view** the image" },
  { RECORD, feedback = "keeping it\nwould be storing it" },
  { "True", feedback = "not always sexual" },
  { "Young people sharing images, to be dealt with in school",
    feedback = "An adult shared it" },
  { NEVER[1], NEVER[2], NEVER[3], NEVER[4], TELL,
    feedback = "This one is what you should do" },
  { "“Send it to me, and I'll report it for you.”",
    feedback = "Never ask a young person to send you the image" },
  "I would have a look.",
  result = "not passed",
  score = 0,
}

playthrough "asking the pupil to send it, blaming him, and letting it go are each taught" {
  module = "handling-images",
  NOT_FORWARD,
  { SEND_ME, feedback = "This asks a child to share the image" },
  "False",
  { DELETE, feedback = "even if the\nimage is deleted" },
  "False",
  { "A private matter for her family to report, if they choose",
    feedback = "This is not left to her family" },
  { NEVER[1], NEVER[4], feedback = "You missed" },
  { "“Once it's online, nothing can be done, I'm afraid.”", feedback = "There is help" },
  "Send it to me.",
  result = "not passed",
  score = 6,
}

playthrough "telling the pupil to put it away is blame, and fails the module" {
  module = "handling-images",
  NOT_FORWARD,
  { PUT_AWAY, feedback = "should not feel judged" },
  "False",
  DONT_SHOW,
  "False",
  ABUSE,
  NEVER,
  REPORT_REMOVE,
  "Put it away.",
  result = "not passed",
  score = 15,
}

playthrough "slips in the questions still pass" {
  module = "handling-images",
  NOT_FORWARD,
  NOT_LOOK,
  "False",
  DONT_SHOW,
  "True",
  "Young people sharing images, to be dealt with in school",
  NEVER,
  REPORT_REMOVE,
  "Thank you for telling me.",
  -- 16 of 19 is 84%.
  result = "passed",
  score = 16,
}
