"""Write actions of the participant bases: applicant imports and consents."""
