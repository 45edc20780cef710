-- responding-without-blame.lua: playthroughs of the second module.  Every
-- blaming or panicking first answer leads to Sam withdrawing, where the
-- only way on is to go back and try again.

local THANKS = "“Thank you for telling me. This is not your fault, and we're going to help you.”"
local WHY = "“Why would you send a photo to someone you'd never met?”"
local PANIC = "“Oh no. This is really bad. What were you thinking?”"
local KNOWN_BETTER = "“You're not in trouble, but you should have known better.”"
local TELL_DSL = "“I can't keep this to myself, because I need to get you help. I'm going to tell our {{lead_short}} now, and I'll stay with you.”"
local HELPS = { "Thanking them for telling you",
                "Telling them clearly that they are not to blame",
                "Telling them that help and support are available" }
local NOT_TO_BLAME = "“You are not to blame. The person doing this to you is.”"

playthrough "the model answers pass" {
  module = "responding-without-blame",
  { THANKS, feedback = "what the NCA asks adults to say" },
  { TELL_DSL, step = "what-now" },
  HELPS,
  NOT_TO_BLAME,
  "It's not your fault, and I'm glad you told me. Let's get you some help now.",
  result = "passed",
  score = 10,
  percent = 100,
}

playthrough "a blaming question: Sam withdraws, and the only way on is back" {
  module = "responding-without-blame",
  { WHY, feedback = "sounds like blame" },
  { "Go back and try again", step = "withdraws" },
  { THANKS, step = "after-lesson" },
  TELL_DSL,
  HELPS,
  NOT_TO_BLAME,
  "Thank you for telling me.",
  -- The first answer counts: after going back, this just passes.
  result = "passed",
  score = 8,
  percent = 80,
}

playthrough "panic and blame lead back each time; the other wrong answers say why" {
  module = "responding-without-blame",
  { PANIC, feedback = "Staying calm helps him keep\ntalking" },
  { "Go back and try again", step = "withdraws" },
  { KNOWN_BETTER, feedback = "is blame, even said gently" },
  { "Go back and try again", step = "withdraws" },
  THANKS,
  { "Promise to keep it between the two of you, so that he keeps trusting you",
    feedback = "You cannot keep this promise" },
  { "Asking why they sent the image", "Telling them how much trouble this could cause them",
    feedback = "Asking why sounds like blame" },
  { "“Let's not worry about whose fault it is. Just don't do it again.”",
    feedback = "tells Sam that the fault is his" },
  "I would tell the DSL.",
  result = "not passed",
  score = 0,
}

playthrough "deleting is not the answer; calling it a mistake agrees with the blame" {
  module = "responding-without-blame",
  THANKS,
  { "“Just delete everything and block them, and it'll all go away.”",
    feedback = "deleting is not" },
  HELPS,
  { "“Well, it was a mistake, but we all make mistakes.”",
    feedback = "agrees that he is to blame" },
  "Thank you for telling me.",
  result = "not passed",
  score = 5,
}
