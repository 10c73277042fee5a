<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ChangeStateDialog</name>
    <message>
        <source>Change state</source>
        <translation>Changer l&apos;état</translation>
    </message>
    <message>
        <source>Current state:</source>
        <translation>État actuel&#xa0;:</translation>
    </message>
    <message>
        <source>New state:</source>
        <translation>Nouvel état&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Reason (optional):</source>
        <translation>&amp;Motif (facultatif)&#xa0;:</translation>
    </message>
    <message>
        <source>e.g. bearing noise, waiting for a part</source>
        <translation>p. ex. bruit de roulement, attente d&apos;une pièce</translation>
    </message>
</context>
<context>
    <name>EquipmentDetailView</name>
    <message>
        <source>This equipment does not exist or was deleted.</source>
        <translation>Cet équipement n&apos;existe pas ou a été supprimé.</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Joindre un fichier</translation>
    </message>
    <message>
        <source>All files (*);;Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;Documents (*.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods *.txt *.csv)</source>
        <translation>Tous les fichiers (*);;Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;Documents (*.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods *.txt *.csv)</translation>
    </message>
    <message>
        <source>This file cannot be read.</source>
        <translation>Ce fichier ne peut pas être lu.</translation>
    </message>
    <message>
        <source>This file is too big (at most {size}).</source>
        <translation>Ce fichier est trop volumineux ({size} au maximum).</translation>
    </message>
    <message>
        <source>Remove the attachment</source>
        <translation>Retirer la pièce jointe</translation>
    </message>
    <message>
        <source>Remove “{name}” from this equipment?</source>
        <translation>Retirer «&#xa0;{name}&#xa0;» de cet équipement&#xa0;?</translation>
    </message>
    <message>
        <source>This file is not on this computer yet: it will be downloaded at the next synchronisation.</source>
        <translation>Ce fichier n&apos;est pas encore sur cet ordinateur&#xa0;: il sera téléchargé à la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>No program on this computer opens this file.</source>
        <translation>Aucun programme de cet ordinateur ne sait ouvrir ce fichier.</translation>
    </message>
    <message>
        <source>since {moment}</source>
        <translation>depuis le {moment}</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours}&#xa0;h</translation>
    </message>
    <message>
        <source> (not downloaded)</source>
        <translation> (non téléchargé)</translation>
    </message>
    <message>
        <source>Specifications</source>
        <translation>Caractéristiques</translation>
    </message>
    <message>
        <source>Sub-equipment ({count})</source>
        <translation>Sous-équipements ({count})</translation>
    </message>
    <message>
        <source>History ({count})</source>
        <translation>Historique ({count})</translation>
    </message>
    <message>
        <source>Attachments ({count})</source>
        <translation>Pièces jointes ({count})</translation>
    </message>
    <message>
        <source>Timeline ({count})</source>
        <translation>Traçabilité ({count})</translation>
    </message>
    <message>
        <source>← Back to the list</source>
        <translation>← Retour à la liste</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Change state</source>
        <translation>Changer l&apos;état</translation>
    </message>
    <message>
        <source>Report a failure</source>
        <translation>Signaler une panne</translation>
    </message>
    <message>
        <source>Plan maintenance</source>
        <translation>Planifier une maintenance</translation>
    </message>
    <message>
        <source>No sub-equipment.</source>
        <translation>Aucun sous-équipement.</translation>
    </message>
    <message>
        <source>No attachment yet: add photos, manuals, drawings or certificates.</source>
        <translation>Aucune pièce jointe pour l&apos;instant&#xa0;: ajoutez des photos, notices, plans ou certificats.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>Add a file…</source>
        <translation>Ajouter un fichier…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
</context>
<context>
    <name>EquipmentFormDialog</name>
    <message>
        <source>New equipment</source>
        <translation>Nouvel équipement</translation>
    </message>
    <message>
        <source>Edit {code}</source>
        <translation>Modifier {code}</translation>
    </message>
    <message>
        <source>Choose a type…</source>
        <translation>Choisir un type…</translation>
    </message>
    <message>
        <source>No line</source>
        <translation>Aucune ligne</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnue</translation>
    </message>
    <message>
        <source>Asset tag, e.g. PMP-0042</source>
        <translation>Repère, p. ex. PMP-0042</translation>
    </message>
    <message>
        <source>None — type a code or a name</source>
        <translation>Aucun — saisir un code ou un nom</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
</context>
<context>
    <name>EquipmentLabels</name>
    <message>
        <source>Active</source>
        <translation>En service</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>En panne</translation>
    </message>
    <message>
        <source>Under maintenance</source>
        <translation>En maintenance</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Hors service</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Haute</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Basse</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Vidéo</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Parent equipment</source>
        <translation>Équipement parent</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>Criticité</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Fabricant</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Numéro de série</translation>
    </message>
    <message>
        <source>Commissioning date</source>
        <translation>Date de mise en service</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Operating hours</source>
        <translation>Heures de fonctionnement</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Panne</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Création</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Modification</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Suppression</translation>
    </message>
    <message>
        <source>Attachment added</source>
        <translation>Pièce jointe ajoutée</translation>
    </message>
    <message>
        <source>Attachment removed</source>
        <translation>Pièce jointe retirée</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Changement</translation>
    </message>
    <message>
        <source>State change</source>
        <translation>Changement d&apos;état</translation>
    </message>
    <message>
        <source>Preventive maintenance</source>
        <translation>Maintenance préventive</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>Réparation</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>Meter reading</source>
        <translation>Relevé de compteur</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obligatoire</translation>
    </message>
    <message>
        <source>This code is already used</source>
        <translation>Ce code est déjà utilisé</translation>
    </message>
    <message>
        <source>Must belong to the equipment&apos;s site</source>
        <translation>Doit appartenir au site de l&apos;équipement</translation>
    </message>
    <message>
        <source>An equipment cannot be placed under itself or its children</source>
        <translation>Un équipement ne peut être placé ni sous lui-même ni sous un de ses sous-équipements</translation>
    </message>
    <message>
        <source>Not found: choose an item from the list</source>
        <translation>Introuvable&#xa0;: choisissez un élément de la liste</translation>
    </message>
    <message>
        <source>Cannot be changed here</source>
        <translation>Non modifiable ici</translation>
    </message>
    <message>
        <source>Too long</source>
        <translation>Trop long</translation>
    </message>
    <message>
        <source>This change of state is not allowed</source>
        <translation>Ce changement d&apos;état n&apos;est pas autorisé</translation>
    </message>
    <message>
        <source>Invalid value</source>
        <translation>Valeur incorrecte</translation>
    </message>
</context>
<context>
    <name>EquipmentListView</name>
    <message>
        <source>All lines</source>
        <translation>Toutes les lignes</translation>
    </message>
    <message>
        <source>No equipment</source>
        <translation>Aucun équipement</translation>
    </message>
    <message>
        <source>1 equipment</source>
        <translation>1 équipement</translation>
    </message>
    <message>
        <source>{count} equipments</source>
        <translation>{count} équipements</translation>
    </message>
    <message>
        <source>No equipment matches these filters.</source>
        <translation>Aucun équipement ne correspond à ces filtres.</translation>
    </message>
    <message>
        <source>No equipment yet.</source>
        <translation>Aucun équipement pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipements</translation>
    </message>
    <message>
        <source>Search code, name, serial number…</source>
        <translation>Rechercher un code, un nom, un n° de série…</translation>
    </message>
    <message>
        <source>Finds the equipments whose code, name, manufacturer, model, serial number or location contain every word typed.</source>
        <translation>Trouve les équipements dont le code, le nom, le fabricant, le modèle, le numéro de série ou l&apos;emplacement contiennent chacun des mots saisis.</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>Tous les sites</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Tous les états</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Tous les types</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Production line (choose a site first)</source>
        <translation>Ligne de production (choisir d&apos;abord un site)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Equipment type</source>
        <translation>Type d&apos;équipement</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Effacer les filtres</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>New equipment</source>
        <translation>Nouvel équipement</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Change state</source>
        <translation>Changer l&apos;état</translation>
    </message>
    <message>
        <source>Report a failure</source>
        <translation>Signaler une panne</translation>
    </message>
    <message>
        <source>Plan maintenance</source>
        <translation>Planifier une maintenance</translation>
    </message>
</context>
<context>
    <name>EquipmentPage</name>
    <message>
        <source>Equipment</source>
        <translation>Équipements</translation>
    </message>
</context>
</TS>
