-- pack.lua: online blackmail (sextortion), for all school staff.
--
-- Every fact about sextortion in this pack comes from the National Crime
-- Agency's alert to education professionals, issued by its CEOP Education
-- team on 29 April 2024, as published in the news report listed under
-- sources.  What the module on handling images says comes from the UK
-- Council for Internet Safety's overview for staff in England (with the
-- National Police Chiefs' Council), NSPCC Learning on Report Remove, and
-- the Welsh Government's guidance for schools in Wales, all listed under
-- sources.  What the pack says about a school's own response (telling the
-- Designated Safeguarding Lead straight away) is standard UK school
-- safeguarding practice, and the guidance for staff says it too.  The role
-- is written {{lead}} and {{lead_short}}, and who holds it {{leads}}, so
-- that staff read their own school's words (in Wales, the Designated
-- Safeguarding Person).  Every pupil, parent and colleague in the scenes
-- is made up.
--
-- Each module credits as CPD minutes its reading time: the words a learner
-- who gives the model answers reads, at 200 words a minute (1.0.0 credited
-- 15 minutes each, two to five times that).  The tests check they stay
-- within a third of it.
pack {
  id = "online-blackmail",
  title = "Online blackmail (sextortion)",
  version = "1.1.0",
  language = "en-GB",
  summary = [[
In April 2024 the National Crime Agency (NCA) alerted education
professionals across the UK to a sharp rise in **financially motivated
sexual extortion** ("sextortion"): young people blackmailed for money over
real or faked nude images. These four modules help every member of staff
to **spot the signs**, **respond without blame**, **handle images** as the
guidance for staff says (never view, copy, print, share, store or save them) and
**take the right reporting steps**.
]],
  audience = "All school staff",
  renew_after_days = 365,
  sources = {
    { title = "National Crime Agency (CEOP Education): alert to education professionals on financially motivated sexual extortion",
      date = "2024-04-29" },
    { title = "\"National Crime Agency issues alert for teachers due to huge rise in 'sextortion' cases\", Deeside news report of the alert",
      date = "2024-04-30" },
    { title = "UK Council for Internet Safety and National Police Chiefs' Council: \"Sharing nudes and semi-nudes: how to respond to an incident (overview)\", for frontline staff in England, GOV.UK, updated 11 March 2024",
      date = "2024-03-11" },
    { title = "NSPCC Learning: \"Report Remove\"" },
    { title = "Welsh Government (Hwb): \"Sharing nudes and semi-nudes: responding to incidents and safeguarding children and young people\"" },
  },
  modules = { "spotting-the-signs", "responding-without-blame", "handling-images", "reporting" },
}
