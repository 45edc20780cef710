-- reporting.lua: playthroughs of the third module.  The advice question
-- rejects both "delete the messages" and "pay".

local PLEASE = "“Please don't pay. Stop replying, block them, and keep every message. I'm putting you through to our {{lead_short}} now.”"
local ADVICE = { "Don't pay, stop contact and block them",
                 "Keep the messages, images, phone numbers and bank details",
                 "Report it: 999 if there is immediate risk of harm, otherwise 101 or the CEOP Safety Centre" }
local ORDER = { "Don't pay, stop contact and block",
                "Keep the evidence: delete nothing",
                "Report to the police or the CEOP Safety Centre",
                "Get the images removed" }
local FIND_DSL = "Find the {{lead_short}}, or a deputy, now, even if it means interrupting the meeting"

playthrough "the model answers pass" {
  module = "reporting",
  { PLEASE, feedback = "in a few words, and the call" },
  { ADVICE[1], ADVICE[2], ADVICE[3], feedback = "stop contact and block" },
  ORDER,
  "False",
  "999",
  "Childline and the IWF's Report Remove tool",
  FIND_DSL,
  "Our DSL, or a deputy: I would go to the office and ask them to find one.",
  result = "passed",
  score = 12,
  percent = 100,
}

playthrough "advising to delete the messages is rejected" {
  module = "reporting",
  { "“Get him to delete the account and all the messages, so the pictures are gone.”",
    feedback = "Deleting destroys evidence" },
  { ADVICE[1], ADVICE[2], ADVICE[3], "Delete the messages so that nobody else sees them",
    feedback = "Deleting messages loses evidence" },
  { ORDER[4], ORDER[3], ORDER[2], ORDER[1], feedback = "The right order is" },
  { "True", feedback = "don't pay anything more" },
  { "101", feedback = "call 999" },
  { "Asking the offender to take it down", feedback = "Contact with the offender should stop" },
  { "Email the {{lead_short}} so that they see it after the meeting", feedback = "can sit unread" },
  "The DSL.",
  result = "not passed",
  score = 0,
}

playthrough "advising to pay is rejected" {
  module = "reporting",
  { "“It might be quickest to pay and make it stop.”",
    feedback = "will likely ask for more" },
  { ADVICE[1], ADVICE[2], ADVICE[3], "Pay what they ask, so that it stops",
    feedback = "Paying gives no guarantee" },
  ORDER,
  "False",
  { "Report it through the CEOP Safety Centre instead", feedback = "not when someone is at immediate risk" },
  { "Waiting for it to stop being shared", feedback = "There are tools that help now" },
  { "Help her sort it out yourself, so that fewer people know",
    feedback = "Keeping it small feels kind" },
  "The DSL.",
  result = "not passed",
  score = 3,
}

playthrough "choosing only the wrong advice is rejected too" {
  module = "reporting",
  PLEASE,
  { "Delete the messages so that nobody else sees them", "Pay what they ask, so that it stops",
    feedback = "You missed: Don't pay, stop contact and block them" },
  ORDER,
  "False",
  "999",
  "Childline and the IWF's Report Remove tool",
  FIND_DSL,
  "The DSL.",
  result = "not passed",
  score = 9,
  percent = 75,
}
