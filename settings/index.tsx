registerSettingsPage(() => (
  <Page>
    <Section title={<Text bold align="center">Steady Hold</Text>}>
      <Text>Settings</Text>
    </Section>
  </Page>
));
