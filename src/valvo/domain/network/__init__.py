"""The person's network (issue 21; S24–S52): client context and phase, consent-checked
disclosures, municipal cooperation, other authorities' plans, client network meetings, VTH
coordination, referrals to registry partners, relatives' contacts and the criminal-justice
workflow log. Pure: every rule takes its records and dates as arguments."""
